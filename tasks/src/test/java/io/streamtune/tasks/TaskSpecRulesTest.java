package io.streamtune.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.TaskEvaluation;
import io.streamtune.schemas.TaskIngest;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import io.streamtune.schemas.TaskTraining;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskSpecRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T15:00:00Z");

    private static TaskSpec.Builder valid() {
        return TaskSpecs.of("support_tickets-v2", List.of("billing", "bug", "other"), NOW);
    }

    private static TaskSpec withTraining(UnaryOperator<TaskTraining.Builder> edit) {
        return valid().setTraining(edit.apply(TaskTraining.newBuilder()).build()).build();
    }

    private static TaskSpec withIngest(UnaryOperator<TaskIngest.Builder> edit) {
        return valid().setIngest(edit.apply(TaskIngest.newBuilder()).build()).build();
    }

    private static TaskSpec withEvaluation(UnaryOperator<TaskEvaluation.Builder> edit) {
        return valid().setEvaluation(edit.apply(TaskEvaluation.newBuilder()).build()).build();
    }

    static Stream<Arguments> refusedSpecs() {
        return Stream.of(
                Arguments.of(valid().setName("has space").build(), "name 'has space'"),
                Arguments.of(valid().setName("-leading").build(), "name '-leading'"),
                Arguments.of(valid().setLabels(List.of("only")).build(), "labels: name at least two"),
                Arguments.of(valid().setLabels(List.of("a", " ")).build(), "labels: must not be blank"),
                Arguments.of(valid().setLabels(List.of("a", "a")).build(), "labels: must be distinct"),
                Arguments.of(valid().setBaseModel(" ").build(), "baseModel: must not be blank"),
                Arguments.of(valid().setBaseModel("onnx:/m.onnx").build(), "needs tokenizer:<path>"),
                Arguments.of(valid().setBaseModelTokenizer("tokenizer:/t.json").build(), "only an onnx: base"),
                Arguments.of(valid().setBaseModel("onnx:/m.onnx").setBaseModelTokenizer("/t.json").build(),
                        "must be tokenizer:<path>"),
                Arguments.of(withTraining(t -> t.setMode("lora")), "training.mode: 'lora'"),
                Arguments.of(withTraining(t -> t.setMode("top-k")), "top-k mode needs"),
                Arguments.of(withTraining(t -> t.setTopK(0)), "training.topK: must be at least 1"),
                Arguments.of(withTraining(t -> t.setLearningRate(0.0)), "training.learningRate"),
                Arguments.of(withTraining(t -> t.setLearningRate(2.0)), "training.learningRate"),
                Arguments.of(withTraining(t -> t.setWarmupSteps(-1)), "training.warmupSteps"),
                Arguments.of(withTraining(t -> t.setLrSchedule("step")), "training.lrSchedule: 'step'"),
                Arguments.of(withTraining(t -> t.setTotalSteps(-5)), "training.totalSteps"),
                Arguments.of(withTraining(t -> t.setWeightDecay(-0.1)), "training.weightDecay"),
                Arguments.of(withTraining(t -> t.setBatchSize(0)), "training.batchSize"),
                Arguments.of(withTraining(t -> t.setMaxLength(1024)), "training.maxLength"),
                Arguments.of(withTraining(t -> t.setDropout(1.0)), "training.dropout"),
                Arguments.of(withTraining(t -> t.setReplayCapacity(-1)), "training.replayCapacity"),
                Arguments.of(withTraining(t -> t.setReplayRatio(Double.NaN)), "training.replayRatio"),
                Arguments.of(withTraining(t -> t.setCheckpointEveryShards(0)), "training.checkpointEveryShards"),
                Arguments.of(withTraining(t -> t.setCheckpointEveryMs(0L)), "training.checkpointEveryMs"),
                Arguments.of(withIngest(i -> i.setValidationFraction(1.5)), "ingest.validationFraction"),
                Arguments.of(withIngest(i -> i.setMaxTextChars(0)), "ingest.maxTextChars"),
                Arguments.of(withIngest(i -> i.setFeatureDimension(-1)), "ingest.featureDimension"),
                Arguments.of(withIngest(i -> i.setShardMaxExamples(0)), "ingest.shardMaxExamples"),
                Arguments.of(withIngest(i -> i.setShardMaxAgeMs(0L)), "ingest.shardMaxAgeMs"),
                Arguments.of(withEvaluation(e -> e.setGateRules(" ")), "evaluation.gateRules"),
                Arguments.of(withEvaluation(e -> e.setMinValidationExamples(0)), "evaluation.minValidationExamples"),
                Arguments.of(withEvaluation(e -> e.setAnchorSize(-1)), "evaluation.anchorSize"),
                Arguments.of(withEvaluation(e -> e.setRecentSize(0)), "evaluation.recentSize"));
    }

    @ParameterizedTest
    @MethodSource("refusedSpecs")
    void shouldRefuseASpecWithAnInvalidField(TaskSpec spec, String expected) {
        assertThat(TaskSpecRules.problems(spec)).singleElement().asString().contains(expected);
    }

    @Test
    void shouldAcceptASpecWithEveryFieldSetInRange() {
        TaskSpec spec = valid().setBaseModel("onnx:/models/m.onnx").setBaseModelTokenizer("tokenizer:/models/t.json")
                .setTraining(TaskTraining.newBuilder().setMode("top-k").setTopK(2).setLearningRate(2e-5)
                        .setWarmupSteps(10).setLrSchedule("cosine").setTotalSteps(1000).setWeightDecay(0.01)
                        .setBatchSize(32).setMaxLength(128).setDropout(0.1).setReplayCapacity(1000).setReplayRatio(0.5)
                        .setCheckpointEveryShards(4).setCheckpointEveryMs(60_000L).build())
                .setIngest(TaskIngest.newBuilder().setValidationFraction(0.1).setMaxTextChars(10_000)
                        .setFeatureDimension(0).setShardMaxExamples(500).setShardMaxAgeMs(30_000L).build())
                .setEvaluation(TaskEvaluation.newBuilder().setGateRules("macro_f1 >= champion")
                        .setMinValidationExamples(50).setAnchorSize(100).setRecentSize(100).build())
                .build();

        assertThat(TaskSpecRules.problems(spec)).isEmpty();
    }

    @Test
    void shouldRefuseChangingTheLabelsInPlaceAndPointToANewTask() {
        TaskSpec before = valid().build();
        TaskSpec after = valid().setLabels(List.of("billing", "bug", "other", "praise")).build();

        assertThat(TaskSpecRules.changeProblems(before, after)).singleElement().asString()
                .contains("labels cannot change in place").contains("create a new task");
    }

    @Test
    void shouldRefuseChangingTheBaseModelInPlace() {
        TaskSpec before = valid().build();
        TaskSpec after = valid().setBaseModel("bge-small-en-v1.5").build();

        assertThat(TaskSpecRules.changeProblems(before, after)).singleElement().asString()
                .contains("base model cannot change in place");
    }

    @Test
    void shouldAllowChangingHyperParametersAndState() {
        TaskSpec before = valid().build();
        TaskSpec after = valid().setState(TaskState.PAUSED)
                .setTraining(TaskTraining.newBuilder().setLearningRate(1e-5).build()).build();

        assertThat(TaskSpecRules.changeProblems(before, after)).isEmpty();
    }
}
