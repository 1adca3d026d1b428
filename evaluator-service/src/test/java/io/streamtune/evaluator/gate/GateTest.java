package io.streamtune.evaluator.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.evaluator.gate.ChangeThreshold.Kind;
import io.streamtune.evaluator.gate.GatePolicy.ChampionUnavailable;
import io.streamtune.evaluator.scoring.Scoring;
import io.streamtune.schemas.Metrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {

    private static final Threshold F1_AT_LEAST_0_9 = new ValueThreshold(MetricName.MACRO_F1, 0.9);
    private static final Threshold LOG_LOSS_AT_MOST_0_4 = new ValueThreshold(MetricName.LOG_LOSS, 0.4);
    private static final Threshold F1_NOT_WORSE_BY_0_005 =
            new ChangeThreshold(MetricName.MACRO_F1, Kind.ABSOLUTE, -0.005, Direction.HIGHER_IS_BETTER);

    @Test
    void shouldPromoteWhenEveryThresholdPasses() {
        Decision d = decide(gate(F1_AT_LEAST_0_9, F1_NOT_WORSE_BY_0_005), candidate(0.95, 0.2), champion(0.93, 0.25));

        assertThat(d.promoted()).isTrue();
        assertThat(d.code()).isEqualTo(Decision.Code.PROMOTED);
        assertThat(d.checks()).hasSize(2).allMatch(Threshold.Check::passed);
    }

    @Test
    void shouldRejectBelowAValueThresholdOnAHigherIsBetterMetric() {
        Decision d = decide(gate(F1_AT_LEAST_0_9), candidate(0.85, 0.2), champion(0.5, 0.9));

        assertThat(d.promoted()).isFalse();
        assertThat(d.code()).isEqualTo(Decision.Code.THRESHOLD_FAILED);
        assertThat(d.reason()).contains("macro_f1 0.85 < 0.9");
    }

    @Test
    void shouldRejectAboveAValueThresholdOnALowerIsBetterMetric() {
        Decision d = decide(gate(LOG_LOSS_AT_MOST_0_4), candidate(0.95, 0.45), champion(0.5, 0.9));

        assertThat(d.promoted()).isFalse();
        assertThat(d.reason()).contains("log_loss 0.45 > 0.4");
        assertThat(d.checks()).singleElement().extracting(Threshold.Check::rule).isEqualTo("log_loss <= 0.4");
    }

    @Test
    void shouldRejectAnAbsoluteRegressionBeyondTheToleranceWithAReadableReason() {
        Decision d = decide(gate(F1_NOT_WORSE_BY_0_005), candidate(0.962, 0.2), champion(0.971, 0.2));

        assertThat(d.promoted()).isFalse();
        assertThat(d.reason()).contains("macro_f1 0.962 < champion 0.971 - 0.005 = 0.966");
    }

    @Test
    void shouldAcceptAnAbsoluteRegressionWithinTheTolerance() {
        Decision d = decide(gate(F1_NOT_WORSE_BY_0_005), candidate(0.968, 0.2), champion(0.971, 0.2));

        assertThat(d.promoted()).isTrue();
    }

    @Test
    void shouldRequireAnAbsoluteImprovementWhenTheChangeIsPositive() {
        Threshold mustGainOnePoint =
                new ChangeThreshold(MetricName.ACCURACY, Kind.ABSOLUTE, 0.01, Direction.HIGHER_IS_BETTER);

        assertThat(decide(gate(mustGainOnePoint), candidateAccuracy(0.905), championAccuracy(0.9)).promoted())
                .isFalse();
        assertThat(decide(gate(mustGainOnePoint), candidateAccuracy(0.911), championAccuracy(0.9)).promoted())
                .isTrue();
    }

    @Test
    void shouldApplyAnAbsoluteChangeInTheLowerIsBetterDirection() {
        Threshold lossMustDrop =
                new ChangeThreshold(MetricName.LOG_LOSS, Kind.ABSOLUTE, 0.02, Direction.LOWER_IS_BETTER);

        Decision worse = decide(gate(lossMustDrop), candidate(0.9, 0.29), champion(0.9, 0.30));
        Decision better = decide(gate(lossMustDrop), candidate(0.9, 0.27), champion(0.9, 0.30));

        assertThat(worse.promoted()).isFalse();
        assertThat(worse.reason()).contains("log_loss 0.29 > champion 0.3 - 0.02 = 0.28");
        assertThat(better.promoted()).isTrue();
    }

    @Test
    void shouldApplyARelativeChangeInTheHigherIsBetterDirection() {
        Threshold withinOnePercent =
                new ChangeThreshold(MetricName.MACRO_F1, Kind.RELATIVE, -0.01, Direction.HIGHER_IS_BETTER);

        Decision slightlyWorse = decide(gate(withinOnePercent), candidate(0.792, 0.2), champion(0.8, 0.2));
        Decision muchWorse = decide(gate(withinOnePercent), candidate(0.79, 0.2), champion(0.8, 0.2));

        assertThat(slightlyWorse.promoted()).isTrue();
        assertThat(muchWorse.promoted()).isFalse();
        assertThat(muchWorse.reason()).contains("macro_f1 0.79 < champion 0.8 × (1 - 0.01) = 0.792");
    }

    @Test
    void shouldApplyARelativeChangeInTheLowerIsBetterDirection() {
        Threshold lossDownTenPercent =
                new ChangeThreshold(MetricName.LOG_LOSS, Kind.RELATIVE, 0.1, Direction.LOWER_IS_BETTER);

        assertThat(decide(gate(lossDownTenPercent), candidate(0.9, 0.46), champion(0.9, 0.5)).promoted()).isFalse();
        assertThat(decide(gate(lossDownTenPercent), candidate(0.9, 0.44), champion(0.9, 0.5)).promoted()).isTrue();
    }

    @Test
    void shouldRefuseAnyPromotionBelowTheMinimumValidationSize() {
        Gate gate = new Gate(new GatePolicy(List.of(F1_AT_LEAST_0_9), 200, ChampionUnavailable.REJECT));
        ScoredModel tooFew = new ScoredModel.Scored("ckpt-2", metrics(199, 0.99, 0.99, 0.01));

        Decision d = decide(gate, tooFew, champion(0.5, 0.9));

        assertThat(d.promoted()).isFalse();
        assertThat(d.code()).isEqualTo(Decision.Code.TOO_FEW_VALIDATION_EXAMPLES);
        assertThat(d.reason()).contains("199 examples", "200 required");
    }

    @Test
    void shouldCompareTheFirstCandidateWithTheBaseModel() {
        ScoredModel base = new ScoredModel.Scored(null, metrics(500, 0.80, 0.78, 0.45));

        Decision better = decide(gate(F1_NOT_WORSE_BY_0_005), candidate(0.91, 0.3), base);
        Decision worse = decide(gate(F1_NOT_WORSE_BY_0_005), candidate(0.70, 0.6), base);

        assertThat(better.promoted()).isTrue();
        assertThat(better.reason()).contains("over base model");
        assertThat(worse.promoted()).isFalse();
        assertThat(worse.reason()).contains("against base model", "champion 0.78");
    }

    @Test
    void shouldRejectACandidateWhoseFilesCannotBeRead() {
        ScoredModel unreadable = new ScoredModel.Unavailable("ckpt-3", "CHECKPOINT_UNREADABLE",
                "ckpt-3/params.bin: unexpected end of file");

        Decision d = decide(gate(F1_AT_LEAST_0_9), unreadable, champion(0.5, 0.9));

        assertThat(d.code()).isEqualTo(Decision.Code.CANDIDATE_UNAVAILABLE);
        assertThat(d.reason()).contains("ckpt-3", "CHECKPOINT_UNREADABLE", "unexpected end of file");
    }

    @Test
    void shouldRejectACandidateWhoseLocationIsOutsideTheStore() {
        ScoredModel outside = new ScoredModel.Unavailable("ckpt-4", "LOCATION_OUTSIDE_STORE",
                "'../../etc' resolves outside the checkpoint store");

        Decision d = decide(gate(F1_AT_LEAST_0_9), outside, champion(0.5, 0.9));

        assertThat(d.promoted()).isFalse();
        assertThat(d.code()).isEqualTo(Decision.Code.CANDIDATE_UNAVAILABLE);
        assertThat(d.reason()).contains("LOCATION_OUTSIDE_STORE");
    }

    @Test
    void shouldFailClosedWhenTheChampionsFilesAreMissing() {
        ScoredModel missing = new ScoredModel.Unavailable("ckpt-1", "CHECKPOINT_MISSING", "no such directory");

        Decision d = decide(gate(F1_AT_LEAST_0_9, F1_NOT_WORSE_BY_0_005), candidate(0.99, 0.1), missing);

        assertThat(d.promoted()).isFalse();
        assertThat(d.code()).isEqualTo(Decision.Code.CHAMPION_UNAVAILABLE);
        assertThat(d.reason()).contains("champion ckpt-1", "CHECKPOINT_MISSING");
    }

    @Test
    void shouldJudgeOnValueThresholdsAloneWhenConfiguredForAnUnavailableChampion() {
        Gate gate = new Gate(new GatePolicy(List.of(F1_AT_LEAST_0_9, F1_NOT_WORSE_BY_0_005), 1,
                ChampionUnavailable.VALUE_THRESHOLDS_ONLY));
        ScoredModel missing = new ScoredModel.Unavailable("ckpt-1", "CHECKPOINT_UNREADABLE", "bad header");

        Decision good = decide(gate, candidate(0.95, 0.1), missing);
        Decision bad = decide(gate, candidate(0.85, 0.1), missing);

        assertThat(good.promoted()).isTrue();
        assertThat(good.checks()).singleElement().extracting(Threshold.Check::rule).isEqualTo("macro_f1 >= 0.9");
        assertThat(good.reason()).contains("only value thresholds were applied");
        assertThat(bad.promoted()).isFalse();
    }

    @Test
    void shouldNotPromoteOnChangeThresholdsAloneWithoutAChampion() {
        Gate gate = new Gate(new GatePolicy(List.of(F1_NOT_WORSE_BY_0_005), 1,
                ChampionUnavailable.VALUE_THRESHOLDS_ONLY));

        Decision d = decide(gate, candidate(0.99, 0.1),
                new ScoredModel.Unavailable("ckpt-1", "CHECKPOINT_MISSING", "gone"));

        assertThat(d.promoted()).isFalse();
        assertThat(d.code()).isEqualTo(Decision.Code.CHAMPION_UNAVAILABLE);
    }

    @Test
    void shouldReportEveryFailedRule() {
        Decision d = decide(gate(F1_AT_LEAST_0_9, LOG_LOSS_AT_MOST_0_4), candidate(0.8, 0.6), champion(0.5, 0.9));

        assertThat(d.checks()).hasSize(2).noneMatch(Threshold.Check::passed);
        assertThat(d.reason()).contains("macro_f1 0.8 < 0.9", "log_loss 0.6 > 0.4");
    }

    @Test
    void shouldRefuseAPolicyWithoutThresholds() {
        assertThatThrownBy(() -> new GatePolicy(List.of(), 10, ChampionUnavailable.REJECT))
                .hasMessageContaining("at least one threshold");
    }

    private static Gate gate(Threshold... thresholds) {
        return new Gate(new GatePolicy(List.of(thresholds), 10, ChampionUnavailable.REJECT));
    }

    /** {@code gate}'s decision on recent-slice scores alone: no anchor slice, every example held once. */
    private static Decision decide(Gate gate, ScoredModel candidate, ScoredModel champion) {
        int recent = candidate instanceof ScoredModel.Scored scored ? scored.metrics().getExamples() : 0;
        return gate.decide(new Scoring(candidate, null, null), new Scoring(champion, null, null), recent);
    }

    private static ScoredModel candidate(double macroF1, double logLoss) {
        return new ScoredModel.Scored("ckpt-2", metrics(500, 0.9, macroF1, logLoss));
    }

    private static ScoredModel champion(double macroF1, double logLoss) {
        return new ScoredModel.Scored("ckpt-1", metrics(500, 0.9, macroF1, logLoss));
    }

    private static ScoredModel candidateAccuracy(double accuracy) {
        return new ScoredModel.Scored("ckpt-2", metrics(500, accuracy, 0.9, 0.3));
    }

    private static ScoredModel championAccuracy(double accuracy) {
        return new ScoredModel.Scored("ckpt-1", metrics(500, accuracy, 0.9, 0.3));
    }

    private static Metrics metrics(int examples, double accuracy, double macroF1, double logLoss) {
        return Metrics.newBuilder().setExamples(examples).setAccuracy(accuracy).setMacroF1(macroF1)
                .setLogLoss(logLoss).setLabels(List.of("ham", "spam")).setPrecision(Map.of()).setRecall(Map.of())
                .setConfusionMatrix(List.of()).build();
    }
}
