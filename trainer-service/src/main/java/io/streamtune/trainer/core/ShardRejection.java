package io.streamtune.trainer.core;

/**
 * Why the trainer refused a shard: a reason code for machines (a {@code DeadLetter}'s {@code reasonCode}) and a
 * sentence for people.
 *
 * @param code        the rule, for machines
 * @param explanation what was wrong with this shard, for people
 */
public record ShardRejection(Code code, String explanation) {

    /**
     * Reason codes; strings on the wire, so new ones never break old readers. The decode codes are the names of
     * {@link io.streamtune.registry.errors.DecodeDefect}, as in the ingest service's dead letters.
     */
    public enum Code {
        /** The record has no value (a tombstone) or an empty one. */
        NO_VALUE,
        /** The value does not start with the wire format's magic byte. */
        UNKNOWN_MAGIC_BYTE,
        /** The registry does not know the schema id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The value ends before its header or Avro body is complete. */
        TRUNCATED_PAYLOAD,
        /** The Avro body does not decode with its writer schema. */
        MALFORMED_AVRO,
        /** The writer schema cannot be read as a {@code TrainingShard}. */
        WRONG_SCHEMA,
        /** The shard is too large for a dead letter that carries it whole (size, hash and prefix are kept). */
        RECORD_TOO_LARGE,
        /** The shard names a task this trainer is not configured for. */
        UNKNOWN_TASK,
        /** The record key and the shard's task differ, so ownership by key would be wrong. */
        KEY_MISMATCH,
        /** The shard has no examples. */
        EMPTY_SHARD,
        /** An example carries a label outside the task's label map. */
        UNKNOWN_LABEL,
        /** An example has no text (a text classifier cannot use it). */
        NO_TEXT
    }
}
