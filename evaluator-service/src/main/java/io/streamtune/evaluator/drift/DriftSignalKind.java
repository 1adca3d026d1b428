package io.streamtune.evaluator.drift;

import java.util.Locale;

/** What a drift signal compares. */
public enum DriftSignalKind {
    /** The label mix of the newest validation examples against all validation examples before them. */
    LABEL,
    /** The champion's confidence (highest class probability) on the newest examples against the ones before. */
    CONFIDENCE;

    /** The lower-case name used as a metric tag, e.g. {@code label}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
