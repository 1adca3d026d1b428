package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.scoring.Scoring;
import java.util.Locale;

/** One gate rule on one metric. */
public sealed interface Threshold permits ValueThreshold, ChangeThreshold, StrictThreshold, PairedThreshold {

    /** The metric the rule reads; an {@code anchor_} metric is read on the anchor slice of both models. */
    MetricName metric();

    /** Whether the rule compares against the champion (and so cannot be checked without one). */
    boolean needsChampion();

    /** The rule as a reader would write it, e.g. {@code macro_f1 >= champion - 0.005}; it parses back. */
    String describe();

    /**
     * Checks the rule. The gate calls it only when the candidate's slice of {@link #metric()} was scored (an empty
     * anchor slice skips anchor rules before this).
     *
     * @param candidate scores of the candidate
     * @param champion  scores of the champion on the same validation set; ignored when not
     *                  {@link #needsChampion()}
     */
    Check check(Scoring candidate, Scoring champion);

    /**
     * Outcome of one rule, with a reason that shows the values compared.
     *
     * @param skipped the rule could not apply (an anchor rule while the anchor slice is empty): it counts as passed,
     *                and the reason says why it was skipped
     */
    record Check(String rule, boolean passed, String reason, boolean skipped) {

        /** A rule that was checked. */
        public Check(String rule, boolean passed, String reason) {
            this(rule, passed, reason, false);
        }
    }

    /** Numbers in rules and reasons: enough digits to tell 0.9615 from 0.9624, none beyond. */
    static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }
}
