package io.streamtune.evaluator.gate;

import java.util.List;

/**
 * The gate's verdict on one candidate.
 *
 * @param promoted whether the candidate becomes the champion
 * @param code     machine-readable outcome, for metrics (see {@link Code})
 * @param reason   one readable sentence
 * @param checks   every rule with its outcome; empty when the gate stopped before the rules
 */
public record Decision(boolean promoted, Code code, String reason, List<Threshold.Check> checks) {

    /** Outcome codes; every rejection has its own. */
    public enum Code {
        PROMOTED,
        THRESHOLD_FAILED,
        TOO_FEW_VALIDATION_EXAMPLES,
        CANDIDATE_UNAVAILABLE,
        CHAMPION_UNAVAILABLE
    }

    public Decision {
        checks = List.copyOf(checks);
    }
}
