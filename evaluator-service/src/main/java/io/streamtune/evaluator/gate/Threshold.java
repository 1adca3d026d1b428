package io.streamtune.evaluator.gate;

import io.streamtune.schemas.Metrics;

/** One gate rule on one metric. */
public sealed interface Threshold permits ValueThreshold, ChangeThreshold {

    /** The metric the rule reads. */
    MetricName metric();

    /** Whether the rule compares against the champion (and so cannot be checked without one). */
    boolean needsChampion();

    /** The rule as a reader would write it, e.g. {@code macro_f1 >= champion - 0.005}. */
    String describe();

    /**
     * Checks the rule.
     *
     * @param candidate metrics of the candidate
     * @param champion  metrics of the champion on the same validation set; ignored when not
     *                  {@link #needsChampion()}
     */
    Check check(Metrics candidate, Metrics champion);

    /** Outcome of one rule, with a reason that shows the values compared. */
    record Check(String rule, boolean passed, String reason) {
    }

    /** Numbers in rules and reasons: enough digits to tell 0.9615 from 0.9624, none beyond. */
    static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }
}
