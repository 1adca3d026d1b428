package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.scoring.Scoring;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides whether a candidate checkpoint replaces the champion. Pure: it sees only scores (metrics and per-example
 * predictions on the recent and anchor slices), never files or Kafka, so every rule is tested directly.
 *
 * <p>On the first run the champion is the pre-trained base model (version {@code null}), scored on the same
 * validation set, so a candidate must beat the model it started from. A rule on an {@code anchor_} metric is
 * skipped, with the reason stated, while the anchor slice is empty ({@code validation.anchor.size} 0); a gate whose
 * every rule was skipped promotes nothing.
 */
public final class Gate {

    private final GatePolicy policy;

    public Gate(GatePolicy policy) {
        this.policy = policy;
    }

    public GatePolicy policy() {
        return policy;
    }

    /**
     * Judges {@code candidate} against {@code champion}; both were scored on the same validation set.
     *
     * @param heldExamples distinct examples the validation set holds (its slices overlap), for the reasons
     */
    public Decision decide(Scoring candidate, Scoring champion, int heldExamples) {
        if (candidate.model() instanceof ScoredModel.Unavailable unavailable) {
            return reject(Decision.Code.CANDIDATE_UNAVAILABLE, "candidate " + unavailable.displayName()
                    + " cannot be evaluated (" + unavailable.reasonCode() + "): " + unavailable.reason(), List.of());
        }
        int recent = candidate.recent().getExamples();
        if (recent < policy.minValidationExamples()) {
            int anchor = candidate.anchor() == null ? 0 : candidate.anchor().getExamples();
            return reject(Decision.Code.TOO_FEW_VALIDATION_EXAMPLES, "validation set has " + heldExamples
                    + " examples (recent " + recent + ", anchor " + anchor + "), fewer than the "
                    + policy.minValidationExamples() + " required before any promotion: "
                    + (policy.minValidationExamples() - recent) + " more needed", List.of());
        }

        boolean championScored = champion.model() instanceof ScoredModel.Scored;
        String championNote = "";
        if (champion.model() instanceof ScoredModel.Unavailable unavailable) {
            String why = "champion " + unavailable.displayName() + " cannot be evaluated ("
                    + unavailable.reasonCode() + "): " + unavailable.reason();
            if (policy.onChampionUnavailable() == GatePolicy.ChampionUnavailable.REJECT) {
                return reject(Decision.Code.CHAMPION_UNAVAILABLE, why, List.of());
            }
            championNote = "; " + why + ", so only value thresholds were applied";
        }

        List<Threshold.Check> checks = new ArrayList<>();
        for (Threshold threshold : policy.thresholds()) {
            if (threshold.needsChampion() && !championScored) {
                continue;
            }
            checks.add(check(threshold, candidate, champion));
        }
        if (checks.stream().allMatch(Threshold.Check::skipped)) {
            return reject(Decision.Code.CHAMPION_UNAVAILABLE, "no threshold could be checked" + championNote
                    + checks.stream().map(check -> "; " + check.reason()).collect(Collectors.joining()), checks);
        }
        List<Threshold.Check> failed = checks.stream().filter(check -> !check.passed()).toList();
        if (!failed.isEmpty()) {
            return reject(Decision.Code.THRESHOLD_FAILED, "rejected against " + champion.model().displayName() + ": "
                    + failed.stream().map(Threshold.Check::reason).collect(Collectors.joining("; "))
                    + championNote, checks);
        }
        return new Decision(true, Decision.Code.PROMOTED, "promoted over " + champion.model().displayName() + ": "
                + checks.stream().map(Threshold.Check::reason).collect(Collectors.joining("; ")) + championNote,
                checks);
    }

    /** Checks one rule; an anchor rule on an empty anchor slice is skipped, one scored on one side only fails. */
    private static Threshold.Check check(Threshold threshold, Scoring candidate, Scoring champion) {
        MetricName metric = threshold.metric();
        if (metric.anchor()) {
            boolean candidateAnchor = candidate.anchor() != null;
            boolean championAnchor = champion.anchor() != null;
            boolean needsChampion = threshold.needsChampion();
            if (!candidateAnchor && (!needsChampion || !championAnchor)) {
                return new Threshold.Check(threshold.describe(), true, metric.key()
                        + " skipped: the anchor slice is empty (validation.anchor.size is 0)", true);
            }
            if (!candidateAnchor || needsChampion && !championAnchor) {
                return new Threshold.Check(threshold.describe(), false, metric.key() + " cannot be checked: the "
                        + (candidateAnchor ? "champion" : "candidate") + " has no anchor scores");
            }
        }
        return threshold.check(candidate, champion);
    }

    private static Decision reject(Decision.Code code, String reason, List<Threshold.Check> checks) {
        return new Decision(false, code, reason, checks);
    }
}
