package io.streamtune.evaluator.gate;

import static io.streamtune.evaluator.gate.Fixtures.predictions;
import static io.streamtune.evaluator.gate.Fixtures.range;
import static io.streamtune.evaluator.gate.Fixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.evaluator.scoring.Scoring;
import io.streamtune.schemas.Metrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paired bootstrap rule on predictions built so that the right answer is known. */
class PairedThresholdTest {

    private static final PairedThreshold F1_BY_0_005 = new PairedThreshold(MetricName.MACRO_F1, 0.005, 0.95);
    private static final PairedThreshold ACCURACY_BY_0_005 = new PairedThreshold(MetricName.ACCURACY, 0.005, 0.95);

    @Test
    void shouldPassIdenticalModelsWithADifferenceOfZero() {
        Predictions same = predictions(400, 0.8, range(0, 20));

        Threshold.Check check = F1_BY_0_005.check(scored("ckpt-2", same), scored("ckpt-1", same));

        assertThat(check.passed()).isTrue();
        assertThat(check.reason()).contains("difference 0.0, 95% lower bound 0.0 >= -0.005",
                "n=400 paired examples, 0 disagreements");
    }

    @Test
    void shouldFailACandidateWrongOnThirtyMoreOfFourHundredExamples() {
        Scoring champion = scored("ckpt-1", predictions(400, 0.8, range(0, 10)));
        Scoring candidate = scored("ckpt-2", predictions(400, 0.8, range(0, 40)));

        Threshold.Check check = F1_BY_0_005.check(candidate, champion);

        assertThat(check.passed()).isFalse();
        assertThat(check.reason()).startsWith("macro_f1 0.9 vs champion 0.975: difference -0.075, 95% lower bound -")
                .contains("< -0.005 (n=400 paired examples, 30 disagreements)");
    }

    @Test
    void shouldNotLetOneMoreMistakeOnFiftyExamplesThroughBecauseTheCandidateMustShowItIsNotWorse() {
        Scoring champion = scored("ckpt-1", predictions(50, 0.8, 0));
        Scoring candidate = scored("ckpt-2", predictions(50, 0.8, 0, 1));

        Threshold.Check check = ACCURACY_BY_0_005.check(candidate, champion);

        assertThat(check.passed()).isFalse();
        assertThat(check.reason()).contains("difference -0.02", "1 disagreements");
    }

    @Test
    void shouldPassOneFewerMistakeOnFiftyExamples() {
        Scoring champion = scored("ckpt-1", predictions(50, 0.8, 0, 1));
        Scoring candidate = scored("ckpt-2", predictions(50, 0.8, 0));

        assertThat(ACCURACY_BY_0_005.check(candidate, champion).passed()).isTrue();
    }

    @Test
    void shouldJudgeAFewSwappedMistakesByHowManyExamplesThereAre() {
        // Each model is wrong on three examples the other gets right: the same accuracy, six disagreements.
        Threshold.Check small = ACCURACY_BY_0_005.check(scored("ckpt-2", predictions(200, 0.8, range(0, 3))),
                scored("ckpt-1", predictions(200, 0.8, range(3, 3))));
        Threshold.Check large = ACCURACY_BY_0_005.check(scored("ckpt-2", predictions(4000, 0.8, range(0, 3))),
                scored("ckpt-1", predictions(4000, 0.8, range(3, 3))));

        assertThat(small.passed()).as(small.reason()).isFalse();
        assertThat(small.reason()).contains("difference 0.0", "6 disagreements");
        assertThat(large.passed()).as(large.reason()).isTrue();
    }

    @Test
    void shouldGiveTheSameBoundForTheSameInputs() {
        Scoring champion = scored("ckpt-1", predictions(300, 0.8, range(0, 12)));
        Scoring candidate = scored("ckpt-2", predictions(300, 0.8, range(6, 10)));

        String first = F1_BY_0_005.check(candidate, champion).reason();

        assertThat(F1_BY_0_005.check(candidate, champion).reason()).isEqualTo(first);
        assertThat(PairedBootstrap.run(MetricName.MACRO_F1, predictions(300, 0.8, range(6, 10)),
                predictions(300, 0.8, range(0, 12)), 0.95, 2000, 42))
                .isEqualTo(PairedBootstrap.run(MetricName.MACRO_F1, predictions(300, 0.8, range(6, 10)),
                        predictions(300, 0.8, range(0, 12)), 0.95, 2000, 42));
    }

    @Test
    void shouldBoundLogLossFromAboveAndPassALowerLoss() {
        Scoring champion = scored("ckpt-1", predictions(300, 0.7, range(0, 10)));
        Scoring better = scored("ckpt-2", predictions(300, 0.9, range(0, 10)));
        PairedThreshold rule = new PairedThreshold(MetricName.LOG_LOSS, 0.01, 0.95);

        Threshold.Check passed = rule.check(better, champion);
        Threshold.Check failed = rule.check(champion, better);

        assertThat(passed.passed()).isTrue();
        assertThat(passed.reason()).contains("95% upper bound", "<= 0.01");
        assertThat(failed.passed()).isFalse();
        assertThat(failed.reason()).contains("> 0.01");
    }

    @Test
    void shouldFailWithAClearReasonWhenTheChampionHasNoPredictions() {
        Metrics metrics = Metrics.newBuilder().setExamples(400).setAccuracy(0.9).setMacroF1(0.9).setLogLoss(0.3)
                .setLabels(List.of("ham", "spam")).setPrecision(Map.of()).setRecall(Map.of())
                .setConfusionMatrix(List.of()).build();
        Scoring championWithoutPredictions = new Scoring(new ScoredModel.Scored("ckpt-1", metrics), null, null);

        Threshold.Check check = F1_BY_0_005.check(scored("ckpt-2", predictions(400, 0.8)),
                championWithoutPredictions);

        assertThat(check.passed()).isFalse();
        assertThat(check.reason()).isEqualTo(
                "macro_f1 cannot be compared pairwise: the champion has no per-example predictions");
    }

    @Test
    void shouldFailWhenTheModelsWereNotScoredOnTheSameExamples() {
        Threshold.Check check = F1_BY_0_005.check(scored("ckpt-2", predictions(400, 0.8)),
                scored("ckpt-1", predictions(399, 0.8)));

        assertThat(check.passed()).isFalse();
        assertThat(check.reason()).contains("not scored on the same examples");
    }

    @Test
    void shouldCompareTheAnchorSlicesOfAnAnchorRule() {
        Predictions recent = predictions(400, 0.8);
        Scoring champion = scored("ckpt-1", recent, predictions(200, 0.8));
        Scoring forgetful = scored("ckpt-2", recent, predictions(200, 0.8, range(0, 30)));
        PairedThreshold rule = new PairedThreshold(MetricName.ANCHOR_MACRO_F1, 0.01, 0.95);

        Threshold.Check check = rule.check(forgetful, champion);

        assertThat(check.passed()).isFalse();
        assertThat(check.reason()).startsWith("anchor_macro_f1 0.85 vs champion 1.0")
                .contains("n=200 paired examples, 30 disagreements");
    }
}
