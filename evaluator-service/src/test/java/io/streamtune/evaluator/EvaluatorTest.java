package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.gate.Decision;
import io.streamtune.evaluator.gate.Gate;
import io.streamtune.evaluator.gate.GatePolicy;
import io.streamtune.evaluator.gate.ThresholdParser;
import io.streamtune.evaluator.ops.PromotionKind;
import io.streamtune.evaluator.scoring.ModelScorer;
import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.ThresholdResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator's decisions on real (tiny) checkpoints: first run, champion, caching, and unavailable models. */
class EvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String RULES = "macro_f1 >= 0.6; macro_f1 >= champion + 0.01";

    @TempDir
    static Path dir;

    private static DirectoryCheckpointStore store;
    private static CheckpointMetadata good;
    private static CheckpointMetadata bad;

    private TestModels.TinyBase base;
    private ValidationSet validation;

    @BeforeAll
    static void trainCheckpoints() {
        store = new DirectoryCheckpointStore(dir.resolve("store"));
        good = TestModels.trainAndSave(store, "spam/good", false);
        bad = TestModels.trainAndSave(store, "spam/bad", true);
    }

    @BeforeEach
    void setUp() {
        base = new TestModels.TinyBase();
        validation = new ValidationSet(10, 60);
        TestModels.examples("val-", 70, 3).forEach(validation::add);
    }

    @Test
    void shouldPromoteAFirstCandidateThatBeatsTheBaseModel() {
        Evaluator.Outcome outcome = evaluator(50).evaluate(event("good", good), null, validation);

        EvaluationEvent evaluation = outcome.evaluation();
        assertThat(outcome.decision().code()).isEqualTo(Decision.Code.PROMOTED);
        assertThat(evaluation.getChampionCheckpointId()).isNull();
        assertThat(evaluation.getChampion().getExamples()).isEqualTo(60);
        assertThat(evaluation.getCandidate().getMacroF1()).isGreaterThan(evaluation.getChampion().getMacroF1());
        assertThat(evaluation.getCandidateAnchor().getExamples()).isEqualTo(10);
        assertThat(evaluation.getChampionAnchor().getExamples()).isEqualTo(10);
        assertThat(evaluation.getReason()).startsWith("promoted over base model");
        assertThat(evaluation.getOutcome()).isEqualTo("PROMOTED");
        assertThat(evaluation.getThresholds()).extracting(ThresholdResult::getRule)
                .containsExactly("macro_f1 >= 0.6", "macro_f1 >= champion + 0.01");
        assertThat(evaluation.getThresholds()).allMatch(ThresholdResult::getPassed);
        assertThat(evaluation.getEvaluatedAt()).isEqualTo(NOW);

        PromotionEvent promotion = outcome.promotion();
        assertThat(promotion.getModelVersion()).isEqualTo("good");
        assertThat(promotion.getLocation()).isEqualTo("spam/good");
        assertThat(promotion.getContentHash()).isEqualTo(good.contentHash());
        assertThat(promotion.getPreviousVersion()).isNull();
        assertThat(promotion.getKind()).isEqualTo(PromotionKind.PROMOTION.name());
        assertThat(promotion.getMetrics()).isEqualTo(evaluation.getCandidate());
        assertThat(base.builds()).isEqualTo(1);
    }

    @Test
    void shouldJudgeAFirstCandidateAgainstItsTasksOwnBaseModelUnderItsTasksGate() {
        TestModels.TinyBase taskBase = new TestModels.TinyBase();
        Gate taskGate = new Gate(new GatePolicy(ThresholdParser.parseAll("macro_f1 >= 2"), 50,
                GatePolicy.ChampionUnavailable.REJECT));

        Evaluator.Outcome outcome = evaluator(50).evaluate(event("good", good), null, validation, taskGate, taskBase);

        assertThat(taskBase.builds()).as("the task's base").isEqualTo(1);
        assertThat(base.builds()).as("the service's base").isZero();
        assertThat(outcome.decision().code()).isEqualTo(Decision.Code.THRESHOLD_FAILED);
        assertThat(outcome.evaluation().getThresholds()).extracting(ThresholdResult::getRule)
                .containsExactly("macro_f1 >= 2.0");
    }

    @Test
    void shouldRejectAWorseCandidateAgainstThePromotedChampionWithTheValuesInTheReason() {
        Evaluator evaluator = evaluator(50);
        PromotionEvent champion = evaluator.evaluate(event("good", good), null, validation).promotion();

        Evaluator.Outcome outcome = evaluator.evaluate(event("bad", bad), champion, validation);

        assertThat(outcome.promotion()).isNull();
        assertThat(outcome.decision().code()).isEqualTo(Decision.Code.THRESHOLD_FAILED);
        EvaluationEvent evaluation = outcome.evaluation();
        assertThat(evaluation.getChampionCheckpointId()).isEqualTo("good");
        assertThat(evaluation.getThresholds()).noneMatch(ThresholdResult::getPassed);
        String candidateF1 = io.streamtune.evaluator.gate.Threshold.format(evaluation.getCandidate().getMacroF1());
        String championF1 = io.streamtune.evaluator.gate.Threshold.format(evaluation.getChampion().getMacroF1());
        assertThat(evaluation.getReason()).startsWith("rejected against good: ")
                .contains("macro_f1 " + candidateF1 + " < 0.6")
                .contains("macro_f1 " + candidateF1 + " < champion " + championF1 + " + 0.01");
    }

    @Test
    void shouldReuseTheChampionsScoreUntilTheValidationSetChanges() {
        Evaluator evaluator = evaluator(50);
        evaluator.evaluate(event("bad", bad), null, validation);
        evaluator.evaluate(event("bad-again", bad), null, validation);
        assertThat(base.builds()).as("base model scored once for an unchanged set").isEqualTo(1);

        validation.add(TestModels.examples("late-", 1, 9).get(0));
        Evaluator.Outcome outcome = evaluator.evaluate(event("bad", bad), null, validation);

        assertThat(base.builds()).as("re-scored after the set changed").isEqualTo(2);
        assertThat(outcome.evaluation().getChampion().getExamples()).isEqualTo(60);
    }

    @Test
    void shouldRefusePromotionBelowTheMinimumValidationSizeWithoutScoringTheChampion() {
        Evaluator.Outcome outcome = evaluator(61).evaluate(event("good", good), null, validation);

        assertThat(outcome.decision().code()).isEqualTo(Decision.Code.TOO_FEW_VALIDATION_EXAMPLES);
        assertThat(outcome.evaluation().getReason()).isEqualTo("validation set has 70 examples (recent 60, anchor 10), "
                + "fewer than the 61 required before any promotion: 1 more needed");
        assertThat(outcome.evaluation().getChampion()).isNull();
        assertThat(base.builds()).isZero();
    }

    @Test
    void shouldJudgeAsSoonAsTheMinimumArrivedWhileTheAnchorStillFills() {
        ValidationSet early = new ValidationSet(50, 100);
        TestModels.examples("early-", 40, 5).forEach(early::add);

        Evaluator.Outcome outcome = evaluator(40).evaluate(event("good", good), null, early);

        assertThat(outcome.decision().code()).as(outcome.decision().reason()).isEqualTo(Decision.Code.PROMOTED);
        assertThat(outcome.evaluation().getCandidate().getExamples()).isEqualTo(40);
        assertThat(outcome.evaluation().getCandidateAnchor().getExamples()).isEqualTo(40);
        assertThat(outcome.evaluation().getCandidateAnchor().getMacroF1())
                .as("the same examples, scored once").isEqualTo(outcome.evaluation().getCandidate().getMacroF1());
    }

    @Test
    void shouldCompareCandidateAndChampionPairwiseUnderTheDefaultGate() {
        Gate defaultGate = new Gate(new GatePolicy(ThresholdParser.parseAll(EvaluatorConfig.DEFAULT_GATE_RULES), 50,
                GatePolicy.ChampionUnavailable.REJECT));
        Evaluator evaluator = new Evaluator(defaultGate, new ModelScorer(store, base, "cpu", 32),
                Clock.fixed(NOW, ZoneOffset.UTC));
        PromotionEvent champion = evaluator.evaluate(event("good", good), null, validation).promotion();

        Evaluator.Outcome outcome = evaluator.evaluate(event("bad", bad), champion, validation);

        assertThat(champion).as("the first candidate beats the base model pairwise").isNotNull();
        assertThat(outcome.decision().code()).isEqualTo(Decision.Code.THRESHOLD_FAILED);
        assertThat(outcome.evaluation().getReason()).startsWith("rejected against good: macro_f1 ")
                .contains("95% lower bound", "(n=60 paired examples", "(n=10 paired examples");
    }

    @Test
    void shouldFailClosedWhenTheChampionsFilesAreMissing() {
        PromotionEvent gone = promotion("gone", "spam/gone", good.contentHash());

        Evaluator.Outcome outcome = evaluator(50).evaluate(event("good", good), gone, validation);

        assertThat(outcome.decision().code()).isEqualTo(Decision.Code.CHAMPION_UNAVAILABLE);
        assertThat(outcome.evaluation().getReason()).contains("champion gone cannot be evaluated (CHECKPOINT_MISSING)");
        assertThat(outcome.evaluation().getCandidate()).isNotNull();
        assertThat(outcome.evaluation().getChampion()).isNull();
        assertThat(outcome.promotion()).isNull();
    }

    @Test
    void shouldFailClosedWhenTheChampionsFilesAreNotWhatWasPromoted() {
        PromotionEvent tampered = promotion("good", "spam/good", "f".repeat(64));

        Evaluator.Outcome outcome = evaluator(50).evaluate(event("bad", bad), tampered, validation);

        assertThat(outcome.decision().code()).isEqualTo(Decision.Code.CHAMPION_UNAVAILABLE);
        assertThat(outcome.evaluation().getReason()).contains("(CONTENT_HASH_MISMATCH)");
    }

    @Test
    void shouldRejectACandidateOutsideTheStoreWithItsReasonCode() {
        CheckpointEvent evil = CheckpointEvent.newBuilder(event("evil", good)).setLocation("../../etc").build();

        Evaluator.Outcome outcome = evaluator(50).evaluate(evil, null, validation);

        assertThat(outcome.decision().code()).isEqualTo(Decision.Code.CANDIDATE_UNAVAILABLE);
        assertThat(outcome.evaluation().getCandidate()).isNull();
        assertThat(outcome.evaluation().getCandidateUnavailable()).isEqualTo("LOCATION_OUTSIDE_STORE");
        assertThat(outcome.evaluation().getReason())
                .contains("candidate evil cannot be evaluated (LOCATION_OUTSIDE_STORE)");
        assertThat(base.builds()).isZero();
    }

    private Evaluator evaluator(int minExamples) {
        GatePolicy policy = new GatePolicy(ThresholdParser.parseAll(RULES), minExamples,
                GatePolicy.ChampionUnavailable.REJECT);
        return new Evaluator(new Gate(policy), new ModelScorer(store, base, "cpu", 32),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static CheckpointEvent event(String version, CheckpointMetadata checkpoint) {
        return CheckpointEvent.newBuilder().setCheckpointId(version).setTask(TestModels.TASK)
                .setParentCheckpointId(null).setBaseModel("tiny-random").setShards(List.of())
                .setHyperParameters(Map.of()).setGlobalStep(checkpoint.step()).setExamplesSeen(256)
                .setTrainLoss(0.1).setLocation(checkpoint.id()).setContentHash(checkpoint.contentHash())
                .setCreatedAt(NOW).build();
    }

    private static PromotionEvent promotion(String version, String location, String hash) {
        return PromotionEvent.newBuilder().setTask(TestModels.TASK).setModelVersion(version).setLocation(location)
                .setContentHash(hash).setPreviousVersion(null).setMetrics(null).setLineage(List.of())
                .setKind(PromotionKind.PROMOTION.name()).setReason("test").setPromotedAt(NOW).build();
    }
}
