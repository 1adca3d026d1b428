package io.streamtune.evaluator.gate;

import java.util.List;

/**
 * The promotion rules of one task.
 *
 * @param thresholds              every rule a candidate must pass
 * @param minValidationExamples   no promotion before the validation set holds this many examples
 * @param onChampionUnavailable   what to do when the champion cannot be scored
 */
public record GatePolicy(List<Threshold> thresholds, int minValidationExamples,
        ChampionUnavailable onChampionUnavailable) {

    /** What the gate does when the champion's checkpoint cannot be loaded or scored. */
    public enum ChampionUnavailable {
        /** Reject every candidate until an operator promotes or rolls back explicitly (fail closed). */
        REJECT,
        /** Judge the candidate on the value thresholds alone; change thresholds count as failed if none exist. */
        VALUE_THRESHOLDS_ONLY
    }

    public GatePolicy {
        thresholds = List.copyOf(thresholds);
        if (thresholds.isEmpty()) {
            throw new IllegalArgumentException("A gate needs at least one threshold");
        }
        if (minValidationExamples < 1) {
            throw new IllegalArgumentException("minValidationExamples must be >= 1, got " + minValidationExamples);
        }
    }
}
