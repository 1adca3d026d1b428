package io.streamtune.evaluator;

import io.streamtune.evaluator.gate.Decision;
import io.streamtune.evaluator.gate.Gate;
import io.streamtune.evaluator.gate.ScoredModel;
import io.streamtune.evaluator.gate.Threshold;
import io.streamtune.evaluator.ops.PromotionKind;
import io.streamtune.evaluator.scoring.BaseModelFactory;
import io.streamtune.evaluator.scoring.ModelScorer;
import io.streamtune.evaluator.scoring.Scoring;
import io.streamtune.evaluator.scoring.Unavailability;
import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.ThresholdResult;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges one candidate checkpoint against the task's champion on the task's validation set and says what to
 * publish. Knows nothing of Kafka: the service hands it the candidate, the champion (the newest promotion, or
 * {@code null} before the first one: then the base model is the champion) and the validation set.
 *
 * <p>The champion's score is cached per task and reused while the champion and the validation set's
 * {@link ValidationSet#fingerprint() fingerprint} stay the same; any change re-scores it on the current set, so
 * candidate and champion are always compared on identical examples. Not thread-safe: one loop owns it.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private final Gate gate;
    private final ModelScorer scorer;
    private final Clock clock;
    private final Map<String, CachedChampion> championScores = new HashMap<>();

    /** What the champion's cached score is valid for. */
    private record ChampionKey(String version, String contentHash, String base, List<String> labels, int maxLength,
            int seed, String fingerprint) {
    }

    private record CachedChampion(ChampionKey key, Scoring scoring) {
    }

    /**
     * What to publish for one candidate.
     *
     * @param evaluation always published
     * @param promotion  published when the candidate won, else {@code null}
     * @param decision   the gate's verdict
     * @param champion   the champion's scoring on the validation set (its predictions feed the drift signals), or
     *                   an unavailable one when it was not scored
     */
    public record Outcome(EvaluationEvent evaluation, PromotionEvent promotion, Decision decision,
            Scoring champion) {
    }

    public Evaluator(Gate gate, ModelScorer scorer, Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Scores {@code candidate} and the champion on {@code validation} and applies the evaluator's default gate.
     *
     * @param champion the task's newest promotion, or {@code null} when the base model is the champion
     */
    public Outcome evaluate(CheckpointEvent candidate, PromotionEvent champion, ValidationSet validation) {
        return evaluate(candidate, champion, validation, gate, null);
    }

    /**
     * Scores {@code candidate} and the champion on {@code validation} and applies {@code taskGate}, the gate of the
     * candidate's task (its spec's rules).
     *
     * @param champion the task's newest promotion, or {@code null} when the base model is the champion
     * @param taskBase the task's base model, the champion before the first promotion; null: the scorer's
     */
    public Outcome evaluate(CheckpointEvent candidate, PromotionEvent champion, ValidationSet validation,
            Gate taskGate, BaseModelFactory taskBase) {
        String version = candidate.getCheckpointId();
        ModelScorer.Located located = scorer.locate(version, candidate.getLocation(), candidate.getContentHash());
        Scoring candidateScoring;
        Scoring championScoring;
        if (located instanceof ModelScorer.Located.NotFound notFound) {
            candidateScoring = notFound.scoring();
            championScoring = notScored(champion);
        } else {
            ModelScorer.Located.Found found = (ModelScorer.Located.Found) located;
            candidateScoring = scorer.scoreCheckpoint(version, found, validation);
            boolean championNeeded = candidateScoring.model() instanceof ScoredModel.Scored scored
                    && scored.metrics().getExamples() >= taskGate.policy().minValidationExamples();
            championScoring = championNeeded
                    ? championScore(candidate.getTask(), champion, taskBase, found, validation)
                    : notScored(champion);
        }
        Decision decision = taskGate.decide(candidateScoring, championScoring, validation.size());
        LOG.info("Task {}: checkpoint {} {} on {} ({})", candidate.getTask(), version,
                decision.promoted() ? "promoted" : "rejected", validation.describeCounts(), decision.reason());

        EvaluationEvent evaluation = EvaluationEvent.newBuilder()
                .setTask(candidate.getTask())
                .setCheckpointId(version)
                .setChampionCheckpointId(champion == null ? null : champion.getModelVersion())
                .setCandidate(candidateScoring.recent())
                .setCandidateAnchor(candidateScoring.anchor())
                .setChampion(championScoring.recent())
                .setChampionAnchor(championScoring.anchor())
                .setThresholds(decision.checks().stream().map(Evaluator::toResult).toList())
                .setPromoted(decision.promoted())
                .setReason(decision.reason())
                .setOutcome(decision.code().name())
                .setCandidateUnavailable(candidateScoring.model() instanceof ScoredModel.Unavailable unavailable
                        ? unavailable.reasonCode() : null)
                .setEvaluatedAt(clock.instant())
                .build();
        PromotionEvent promotion = !decision.promoted() ? null : PromotionEvent.newBuilder()
                .setTask(candidate.getTask())
                .setModelVersion(version)
                .setLocation(candidate.getLocation())
                .setContentHash(candidate.getContentHash())
                .setPreviousVersion(champion == null ? null : champion.getModelVersion())
                .setMetrics(candidateScoring.recent())
                .setLineage(candidate.getShards())
                .setKind(PromotionKind.PROMOTION.name())
                .setReason(decision.reason())
                .setPromotedAt(evaluation.getEvaluatedAt())
                .build();
        return new Outcome(evaluation, promotion, decision, championScoring);
    }

    /** Forgets what is cached for {@code task} (its champion's score), e.g. when the task was deleted. */
    public void forget(String task) {
        championScores.remove(task);
    }

    private Scoring championScore(String task, PromotionEvent champion, BaseModelFactory base,
            ModelScorer.Located.Found candidate, ValidationSet validation) {
        ModelOptions options = candidate.metadata().modelOptions();
        ChampionKey key = champion == null
                ? new ChampionKey(null, null, base == null ? null : base.name(), candidate.metadata().labels(),
                        options.maxLength(), options.seed(), validation.fingerprint())
                : new ChampionKey(champion.getModelVersion(), champion.getContentHash(), null, List.of(), 0, 0,
                        validation.fingerprint());
        CachedChampion cached = championScores.get(task);
        if (cached != null && cached.key().equals(key)) {
            return cached.scoring();
        }
        Scoring scoring = champion == null
                ? baseScore(base, new LabelMap(candidate.metadata().labels()), options, validation)
                : scorer.scoreCheckpoint(champion.getModelVersion(), champion.getLocation(),
                        champion.getContentHash(), validation);
        // Only a successful score is kept: missing champion files may be restored, and must then be seen.
        if (scoring.model() instanceof ScoredModel.Scored) {
            championScores.put(task, new CachedChampion(key, scoring));
        } else {
            championScores.remove(task);
        }
        return scoring;
    }

    private Scoring baseScore(BaseModelFactory base, LabelMap labels, ModelOptions options, ValidationSet validation) {
        return base == null ? scorer.scoreBaseModel(labels, options, validation)
                : scorer.scoreBaseModel(base, labels, options, validation);
    }

    private static Scoring notScored(PromotionEvent champion) {
        return Scoring.unavailable(champion == null ? null : champion.getModelVersion(), Unavailability.NOT_SCORED,
                "not scored: the candidate was not scorable on enough examples");
    }

    private static ThresholdResult toResult(Threshold.Check check) {
        return ThresholdResult.newBuilder().setRule(check.rule()).setPassed(check.passed())
                .setReason(check.reason()).build();
    }
}
