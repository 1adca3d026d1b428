package io.streamtune.trainer.core;

/**
 * Why the trainer refused a shard: a reason code for machines (a {@code DeadLetter}'s {@code reasonCode}) and a
 * sentence for people.
 */
public record Rejection(Reason reason, String detail) {

    /** Reason codes; strings on the wire, so new ones never break old readers. */
    public enum Reason {
        /** The value is not a {@code TrainingShard} in the registry wire format. */
        UNDECODABLE,
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
