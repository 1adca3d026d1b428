package io.streamtune.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.model.train.LrSchedule;
import io.streamtune.model.train.TrainingMode;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskTraining;
import io.streamtune.tasks.TaskSpecs;
import io.streamtune.trainer.TestShards;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingDefaultsTest {

    private final TrainingDefaults defaults = TestShards.tinySettingsDefaults();

    private static TaskSpec.Builder spec(String name) {
        return TaskSpecs.of(name, List.of("billing", "bug", "other"), Instant.EPOCH);
    }

    @Test
    void shouldTakeEveryDefaultWhereTheSpecLeavesTheSettingUnset() {
        TaskSettings settings = defaults.settingsOf(spec("tickets").build());

        assertThat(settings.task()).isEqualTo("tickets");
        assertThat(settings.labels().labels()).containsExactly("billing", "bug", "other");
        assertThat(settings.baseModel()).isEqualTo(defaults.baseModel());
        assertThat(settings.modelOptions()).isEqualTo(defaults.modelOptions());
        assertThat(settings.fineTune()).isEqualTo(defaults.fineTune());
        assertThat(settings.replayCapacity()).isEqualTo(32);
        assertThat(settings.replayRatio()).isEqualTo(0.5);
        assertThat(settings.checkpointPolicy()).isEqualTo(new CheckpointPolicy(10, Duration.ofMinutes(1)));
        assertThat(defaults.settingsOf(spec("tickets").setTraining(TaskTraining.newBuilder().build()).build()))
                .as("an empty training record is all defaults too").isEqualTo(settings);
    }

    @Test
    void shouldTakeEachSettingTheSpecOverrides() {
        TaskTraining training = TaskTraining.newBuilder().setMode("top-k").setTopK(1).setLearningRate(0.01)
                .setWarmupSteps(7).setLrSchedule("cosine").setTotalSteps(900).setWeightDecay(0.2).setBatchSize(4)
                .setMaxLength(24).setDropout(0.3).setReplayCapacity(5).setReplayRatio(2.0)
                .setCheckpointEveryShards(3).setCheckpointEveryMs(1234L).build();

        TaskSettings settings = defaults.settingsOf(spec("support_tickets-v2").setBaseModel("tiny")
                .setTraining(training).build());

        assertThat(settings.baseModel().id()).isEqualTo("tiny");
        assertThat(settings.fineTune().mode()).isEqualTo(TrainingMode.TOP_K);
        assertThat(settings.fineTune().topK()).isEqualTo(1);
        assertThat(settings.fineTune().learningRate()).isEqualTo(0.01);
        assertThat(settings.fineTune().warmupSteps()).isEqualTo(7);
        assertThat(settings.fineTune().schedule()).isEqualTo(LrSchedule.COSINE);
        assertThat(settings.fineTune().totalSteps()).isEqualTo(900);
        assertThat(settings.fineTune().weightDecay()).isEqualTo(0.2);
        assertThat(settings.fineTune().batchSize()).isEqualTo(4);
        assertThat(settings.modelOptions().maxLength()).isEqualTo(24);
        assertThat(settings.modelOptions().dropout()).isEqualTo(0.3f);
        assertThat(settings.replayCapacity()).isEqualTo(5);
        assertThat(settings.replayRatio()).isEqualTo(2.0);
        assertThat(settings.checkpointPolicy()).isEqualTo(new CheckpointPolicy(3, Duration.ofMillis(1234)));
        assertThat(settings.fineTune().seed()).as("not in a spec: the trainer's").isEqualTo(7);
        assertThat(settings.modelOptions().device()).isEqualTo("cpu");
    }

    @Test
    void shouldTellChangedTrainingSettingsFromAnotherTaskUnderTheSameName() {
        TaskSettings first = defaults.settingsOf(spec("tickets").build());
        TaskSettings again = defaults.settingsOf(spec("tickets").setDescription("only the text differs").build());
        TaskSettings faster = defaults.settingsOf(spec("tickets")
                .setTraining(TaskTraining.newBuilder().setLearningRate(0.5).build()).build());
        TaskSettings otherLabels = defaults.settingsOf(TaskSpecs.of("tickets", List.of("a", "b"), Instant.EPOCH)
                .build());

        assertThat(again).isEqualTo(first);
        assertThat(faster).isNotEqualTo(first);
        assertThat(faster.sameTask(first)).isTrue();
        assertThat(otherLabels.sameTask(first)).isFalse();
    }

    @Test
    void shouldReportABaseModelThatDoesNotResolve() {
        TaskSpec unknown = spec("tickets").setBaseModel("gpt-17").build();

        assertThat(defaults.problems(unknown)).singleElement().asString().contains("gpt-17");
        assertThat(defaults.problems(spec("tickets").build())).isEmpty();
    }

    @Test
    void shouldReportAnOnnxBaseModelWhoseFilesAreMissing() {
        TaskSpec missing = spec("tickets").setBaseModel("onnx:/no/such/model.onnx")
                .setBaseModelTokenizer("tokenizer:/no/such/tokenizer.json").build();

        assertThat(defaults.problems(missing)).singleElement().asString().contains("/no/such/model.onnx");
    }

    @Test
    void shouldReportATopKBeyondTheBaseModelsLayers() {
        TaskSpec tooDeep = spec("tickets").setTraining(TaskTraining.newBuilder().setMode("top-k").setTopK(50).build())
                .build();
        TaskSpec fits = spec("tickets").setTraining(TaskTraining.newBuilder().setMode("top-k").setTopK(1).build())
                .build();

        assertThat(defaults.problems(tooDeep)).singleElement().asString().contains("topK", "50");
        assertThat(defaults.problems(fits)).isEmpty();
    }
}
