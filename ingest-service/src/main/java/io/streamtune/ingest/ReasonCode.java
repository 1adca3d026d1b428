package io.streamtune.ingest;

/**
 * Why the ingest service refused a record: one code per rule. The code is written to the dead-letter record and
 * tags the dead-letter metric; {@link #description()} says what the rule demands.
 */
public enum ReasonCode {
    UNDECODABLE("the value must decode as a LabeledExample"),
    MISSING_ID("an example must have an id"),
    BLANK_ID("the id must not be blank"),
    MISSING_TASK("an example must name its task"),
    UNKNOWN_TASK("the task must be one of the configured tasks"),
    MISSING_TEXT("an example must have a text"),
    BLANK_TEXT("the text must not be blank"),
    INVALID_UTF8_TEXT("the text must be valid UTF-8 (no replacement characters or unpaired surrogates)"),
    TEXT_TOO_LONG("the text must fit the task's max.text.chars"),
    MISSING_LABEL("an example must have a label"),
    UNKNOWN_LABEL("the label must be in the task's label set"),
    FEATURES_WRONG_DIMENSION("features, when present, must have the task's feature.dimension"),
    FEATURE_NAN("features must not be NaN"),
    FEATURE_INFINITE("features must be finite"),
    EVENT_TIME_IN_FUTURE("the event time must not be after the record timestamp by more than future.tolerance.ms"),
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
