package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.gate.GatePolicy;
import io.streamtune.evaluator.gate.ThresholdParser;
import io.streamtune.schemas.TaskEvaluation;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.tasks.TaskSpecs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationSettingsTest {

    static final EvaluationSettings DEFAULTS = new EvaluationSettings(new GatePolicy(
            ThresholdParser.parseAll("macro_f1 >= champion + 0.001"), 200,
            GatePolicy.ChampionUnavailable.VALUE_THRESHOLDS_ONLY), 500, 2000);

    @Test
    void shouldTakeTheDefaultsForATaskWithoutSpecOrEvaluationSettings() {
        assertThat(EvaluationSettings.of(null, DEFAULTS)).isEqualTo(DEFAULTS);
        assertThat(EvaluationSettings.of(spec(null), DEFAULTS)).isEqualTo(DEFAULTS);
        assertThat(EvaluationSettings.of(spec(TaskEvaluation.newBuilder().build()), DEFAULTS)).isEqualTo(DEFAULTS);
    }

    @Test
    void shouldOverrideTheDefaultsFieldByField() {
        EvaluationSettings settings = EvaluationSettings.of(spec(TaskEvaluation.newBuilder()
                .setGateRules("macro_f1 >= 0.9; log_loss <= champion * (1 + 0.05)").setRecentSize(300).build()),
                DEFAULTS);

        assertThat(settings.gatePolicy().thresholds())
                .isEqualTo(ThresholdParser.parseAll("macro_f1 >= 0.9; log_loss <= champion * (1 + 0.05)"));
        assertThat(settings.gatePolicy().minValidationExamples()).as("default").isEqualTo(200);
        assertThat(settings.gatePolicy().onChampionUnavailable()).as("the service's")
                .isEqualTo(GatePolicy.ChampionUnavailable.VALUE_THRESHOLDS_ONLY);
        assertThat(settings.anchorSize()).as("default").isEqualTo(500);
        assertThat(settings.recentSize()).isEqualTo(300);

        EvaluationSettings sizes = EvaluationSettings.of(spec(TaskEvaluation.newBuilder().setMinValidationExamples(20)
                .setAnchorSize(0).setRecentSize(50).build()), DEFAULTS);
        assertThat(sizes.gatePolicy().thresholds()).as("default rules").isEqualTo(DEFAULTS.gatePolicy().thresholds());
        assertThat(List.of(sizes.gatePolicy().minValidationExamples(), sizes.anchorSize(), sizes.recentSize()))
                .containsExactly(20, 0, 50);
    }

    @Test
    void shouldTakeTheTasksOwnBaseModelFromItsSpec() {
        EvaluationSettings settings = EvaluationSettings.of(TaskSpec.newBuilder(spec(null))
                .setBaseModel("onnx:/models/tickets.onnx").setBaseModelTokenizer("tokenizer:/models/t.json").build(),
                DEFAULTS);

        assertThat(settings.baseModel()).isEqualTo("onnx:/models/tickets.onnx");
        assertThat(settings.baseModelTokenizer()).isEqualTo("tokenizer:/models/t.json");
        assertThat(settings.gatePolicy()).isEqualTo(DEFAULTS.gatePolicy());
        assertThat(DEFAULTS.baseModel()).as("the evaluator's configured base").isNull();
    }

    @Test
    void shouldAcceptAValidSpecAndOneWithoutEvaluationSettings() {
        assertThat(EvaluationSettings.problems(spec(null), DEFAULTS)).isEmpty();
        assertThat(EvaluationSettings.problems(spec(TaskEvaluation.newBuilder().setGateRules("macro_f1 >= 2")
                .setMinValidationExamples(50).setRecentSize(80).build()), DEFAULTS)).isEmpty();
    }

    @Test
    void shouldRefuseAGateRuleThatDoesNotParseNamingIt() {
        List<String> problems = EvaluationSettings.check(DEFAULTS).problems(spec(TaskEvaluation.newBuilder()
                .setGateRules("macro_f1 >= 0.9; macro_f1 beats champion").build()));

        assertThat(problems).singleElement().asString().startsWith("evaluation.gateRules: ")
                .contains("Cannot read gate rule 'macro_f1 beats champion'");
    }

    @Test
    void shouldRefuseAnUnknownMetricAndAWrongOperatorNamingTheRule() {
        assertThat(EvaluationSettings.problems(spec(TaskEvaluation.newBuilder().setGateRules("recall >= 0.5").build()),
                DEFAULTS)).singleElement().asString().contains("'recall >= 0.5'");
        assertThat(EvaluationSettings.problems(spec(TaskEvaluation.newBuilder().setGateRules("log_loss >= 0.5")
                .build()), DEFAULTS)).singleElement().asString().contains("'log_loss >= 0.5'", "<=");
    }

    @Test
    void shouldRefuseGateRulesWithoutAnyRule() {
        assertThat(EvaluationSettings.problems(spec(TaskEvaluation.newBuilder().setGateRules(" ; ").build()),
                DEFAULTS)).singleElement().asString().startsWith("evaluation.gateRules: give at least one rule");
    }

    @Test
    void shouldRefuseAMinimumValidationSizeAboveTheRecentSizeWithItsDefaultsFilledIn() {
        assertThat(EvaluationSettings.problems(spec(TaskEvaluation.newBuilder().setMinValidationExamples(2001)
                .build()), DEFAULTS)).singleElement().asString()
                .contains("minValidationExamples (2001)", "recentSize (2000)");
        assertThat(EvaluationSettings.problems(spec(TaskEvaluation.newBuilder().setRecentSize(100).build()),
                DEFAULTS)).as("the default minimum, 200, above the spec's recent size").singleElement().asString()
                .contains("minValidationExamples (200)", "recentSize (100)");
    }

    static TaskSpec spec(TaskEvaluation evaluation) {
        return TaskSpecs.of("ticket-triage_v1", List.of("bug", "billing"), Instant.EPOCH).setEvaluation(evaluation)
                .build();
    }
}
