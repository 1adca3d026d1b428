package io.streamtune.evaluator.gate;

import io.streamtune.schemas.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides whether a candidate checkpoint replaces the champion. Pure: it sees only metrics, never files or
 * Kafka, so every rule is tested directly.
 *
 * <p>On the first run the champion is the pre-trained base model (version {@code null}), scored on the same
 * validation set, so a candidate must beat the model it started from.
 */
public final class Gate {

    private final GatePolicy policy;

    public Gate(GatePolicy policy) {
        this.policy = policy;
    }

    public GatePolicy policy() {
        return policy;
    }

    /** Judges {@code candidate} against {@code champion}; both were scored on the same validation set. */
    public Decision decide(ScoredModel candidate, ScoredModel champion) {
        if (candidate instanceof ScoredModel.Unavailable unavailable) {
            return reject(Decision.Code.CANDIDATE_UNAVAILABLE, "candidate " + unavailable.displayName()
                    + " cannot be evaluated (" + unavailable.reasonCode() + "): " + unavailable.reason(), List.of());
        }
        Metrics candidateMetrics = ((ScoredModel.Scored) candidate).metrics();
        if (candidateMetrics.getExamples() < policy.minValidationExamples()) {
            return reject(Decision.Code.TOO_FEW_VALIDATION_EXAMPLES, "validation set has "
                    + candidateMetrics.getExamples() + " examples, fewer than the "
                    + policy.minValidationExamples() + " required before any promotion", List.of());
        }

        Metrics championMetrics = null;
        String championNote = "";
        if (champion instanceof ScoredModel.Scored scored) {
            championMetrics = scored.metrics();
        } else {
            ScoredModel.Unavailable unavailable = (ScoredModel.Unavailable) champion;
            String why = "champion " + unavailable.displayName() + " cannot be evaluated ("
                    + unavailable.reasonCode() + "): " + unavailable.reason();
            if (policy.onChampionUnavailable() == GatePolicy.ChampionUnavailable.REJECT) {
                return reject(Decision.Code.CHAMPION_UNAVAILABLE, why, List.of());
            }
            championNote = "; " + why + ", so only value thresholds were applied";
        }

        List<Threshold.Check> checks = new ArrayList<>();
        for (Threshold threshold : policy.thresholds()) {
            if (threshold.needsChampion() && championMetrics == null) {
                continue;
            }
            checks.add(threshold.check(candidateMetrics, championMetrics));
        }
        if (checks.isEmpty()) {
            return reject(Decision.Code.CHAMPION_UNAVAILABLE,
                    "no threshold could be checked" + championNote, checks);
        }
        List<Threshold.Check> failed = checks.stream().filter(check -> !check.passed()).toList();
        if (!failed.isEmpty()) {
            return reject(Decision.Code.THRESHOLD_FAILED, "rejected against " + champion.displayName() + ": "
                    + failed.stream().map(Threshold.Check::reason).collect(Collectors.joining("; "))
                    + championNote, checks);
        }
        return new Decision(true, Decision.Code.PROMOTED, "promoted over " + champion.displayName() + ": "
                + checks.stream().map(Threshold.Check::reason).collect(Collectors.joining("; ")) + championNote,
                checks);
    }

    private static Decision reject(Decision.Code code, String reason, List<Threshold.Check> checks) {
        return new Decision(false, code, reason, checks);
    }
}
