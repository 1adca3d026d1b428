package io.streamtune.ingest;

/**
 * Why the ingest service refused a record: one code per rule. The code is written to the dead-letter record and
 * tags the dead-letter metric; {@link #description()} says what the rule demands. The decode codes are the
 * names of {@link io.streamtune.registry.errors.DecodeDefect}, which the trainer's shard dead letters share.
 */
public enum ReasonCode {
    RECORD_TOO_LARGE("key, value and headers must fit a dead letter whole (RecordSizeLimits.MAX_DEAD_LETTER_BYTES)"),
    NO_VALUE("a record must have a value (not a tombstone, not empty)"),
    UNKNOWN_MAGIC_BYTE("the value must start with the wire format's magic byte 0x00"),
    TRUNCATED_PAYLOAD("the value must hold the 5-byte header and a complete Avro body"),
    UNKNOWN_SCHEMA_ID("the schema id in the header must be known to the registry"),
    WRONG_SCHEMA("the writer schema must be a version of example.subjects (or named in example.record.names) "
            + "and readable as a LabeledExample"),
    MALFORMED_AVRO("the Avro body must decode with its writer schema, with no bytes left over"),
    MISSING_ID("an example must have an id"),
    BLANK_ID("the id must not be blank"),
    MISSING_TASK("an example must name its task"),
    UNKNOWN_TASK("the task must exist: pinned by tasks= or created (and not deleted) on the tasks topic"),
    MISSING_TEXT("an example must have a text"),
    BLANK_TEXT("the text must hold a visible character (not only whitespace or invisible format characters)"),
    INVALID_UTF8_TEXT("the text must be valid UTF-8 (no replacement characters or unpaired surrogates)"),
    TEXT_TOO_LONG("the text must fit the task's max.text.chars"),
    MISSING_LABEL("an example must have a label"),
    UNKNOWN_LABEL("the label must be in the task's label set"),
    FEATURES_WRONG_DIMENSION("features, when present, must have the task's feature.dimension"),
    FEATURE_NAN("features must not be NaN"),
    FEATURE_INFINITE("features must be finite"),
    EVENT_TIME_IN_FUTURE("the event time must not be after the record timestamp by more than future.tolerance.ms"),
    EVENT_TIME_TOO_OLD("the event time must not be before the record timestamp by more than event.time.max.age.ms"),
    EXAMPLE_TOO_LARGE("an encoded example must fit shard.max.bytes");

    private final String description;

    ReasonCode(String description) {
        this.description = description;
    }

    /** The rule, in words. */
    public String description() {
        return description;
    }
}
