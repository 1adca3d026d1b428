package io.streamtune.serving.kafka;

/**
 * Why a request on {@code inference.requests} was dead-lettered instead of answered: one code per rule. The code is
 * the dead letter's {@code reasonCode} and tags the dead-letter metric. The decode codes are the names of
 * {@link io.streamtune.registry.errors.DecodeDefect}, as in ingest's and the trainer's dead letters.
 */
public enum InferenceReason {
    RECORD_TOO_LARGE("key, value and headers must fit a dead letter whole (RecordSizeLimits.MAX_DEAD_LETTER_BYTES)"),
    NO_VALUE("a request must have a value (not a tombstone, not empty)"),
    UNKNOWN_MAGIC_BYTE("the value must start with the wire format's magic byte 0x00"),
    TRUNCATED_PAYLOAD("the value must hold the 5-byte header and a complete Avro body"),
    UNKNOWN_SCHEMA_ID("the schema id in the header must be known to the registry"),
    WRONG_SCHEMA("the writer schema must be readable as an InferenceRequest"),
    MALFORMED_AVRO("the Avro body must decode with its writer schema, with no bytes left over"),
    BLANK_ID("the id must hold a visible character"),
    UNKNOWN_TASK("the task must be one that serve serves (its tasks= setting)"),
    BLANK_TEXT("the text must hold a visible character"),
    TEXT_TOO_LONG("the text must fit inference.max.text.chars"),
    NO_CHAMPION("the task must have a loaded champion within inference.champion.wait.ms"),
    SCORING_FAILED("the champion must be able to score the text");

    private final String description;

    InferenceReason(String description) {
        this.description = description;
    }

    /** The rule, in words. */
    public String description() {
        return description;
    }
}
