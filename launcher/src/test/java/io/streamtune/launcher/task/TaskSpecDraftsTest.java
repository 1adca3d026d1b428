package io.streamtune.launcher.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskSpecDraftsTest {

    private static final Instant T0 = Instant.parse("2026-12-05T15:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-05T16:00:00Z");

    @Test
    void shouldBuildAnActiveSpecWithOnlyTheGivenSettings() {
        TaskSpec spec = TaskSpecDrafts.create("tickets", new TaskEdits().set("labels", List.of("billing", "bug",
                "other")).set("baseModel", "all-MiniLM-L6-v2").set("training.learningRate", 5e-5)
                .set("training.batchSize", 16).set("evaluation.gateRules", "macro_f1 >= 0.8"), T0, "ann");

        assertThat(spec.getName()).isEqualTo("tickets");
        assertThat(spec.getLabels()).containsExactly("billing", "bug", "other");
        assertThat(spec.getState()).isEqualTo(TaskState.ACTIVE);
        assertThat(spec.getBaseModel()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(spec.getTraining().getLearningRate()).isEqualTo(5e-5);
        assertThat(spec.getTraining().getBatchSize()).isEqualTo(16);
        assertThat(spec.getTraining().getMode()).as("not given: the trainer's default").isNull();
        assertThat(spec.getEvaluation().getGateRules()).isEqualTo("macro_f1 >= 0.8");
        assertThat(spec.getIngest()).as("no ingest setting given").isNull();
        assertThat(spec.getUpdatedAt()).isEqualTo(T0);
        assertThat(spec.getUpdatedBy()).isEqualTo("ann");
    }

    @Test
    void shouldRefuseACreateWithoutLabels() {
        assertThatThrownBy(() -> TaskSpecDrafts.create("tickets", new TaskEdits().set("baseModel", "tiny"), T0, "ann"))
                .isInstanceOf(TaskRefusedException.class)
                .extracting(e -> ((TaskRefusedException) e).problems()).asList()
                .containsExactly("labels: required (--labels a,b[,c...] or 'labels' in --from-file)");
    }

    @Test
    void shouldMergeAnUpdateIntoTheCurrentSpecKeepingEveryOtherSetting() {
        TaskSpec current = TaskSpecDrafts.create("news_en-2", new TaskEdits().set("labels", "a,b")
                .set("training.learningRate", 1e-4).set("training.batchSize", 8).set("description", "first"), T0,
                "ann");

        TaskSpec next = TaskSpecDrafts.update(current, new TaskEdits().set("training.batchSize", 32)
                .set("ingest.validationFraction", 0.2), T1, "bob");

        assertThat(next.getName()).isEqualTo("news_en-2");
        assertThat(next.getTraining().getBatchSize()).isEqualTo(32);
        assertThat(next.getTraining().getLearningRate()).as("kept").isEqualTo(1e-4);
        assertThat(next.getDescription()).as("kept").isEqualTo("first");
        assertThat(next.getIngest().getValidationFraction()).isEqualTo(0.2);
        assertThat(next.getUpdatedAt()).isEqualTo(T1);
        assertThat(next.getUpdatedBy()).isEqualTo("bob");
        assertThat(current.getTraining().getBatchSize()).as("the current spec is not changed").isEqualTo(8);
        assertThat(TaskSpecDrafts.sameSettings(current, next)).isFalse();
        assertThat(TaskSpecDrafts.sameSettings(current, TaskSpecDrafts.update(current, new TaskEdits()
                .set("training.batchSize", 8), T1, "bob"))).as("same values, other writer and time").isTrue();
    }

    @Test
    void shouldChangeOnlyTheStateWhenPausing() {
        TaskSpec current = TaskSpecDrafts.create("spam", new TaskEdits().set("labels", "ham,spam"), T0, "ann");

        TaskSpec paused = TaskSpecDrafts.withState(current, TaskState.PAUSED, T1, "bob");

        assertThat(paused.getState()).isEqualTo(TaskState.PAUSED);
        assertThat(TaskSpec.newBuilder(paused).setState(TaskState.ACTIVE).setUpdatedAt(T0).setUpdatedBy("ann")
                .build()).isEqualTo(current);
    }

    @Test
    void shouldCollectEveryUnreadableSettingInsteadOfStoppingAtTheFirst() {
        TaskEdits edits = new TaskEdits().set("labels", "a,b").set("training.batchSize", "many")
                .set("training.learningRat", 0.1).set("state", "PAUSED").set("training", "full")
                .set("ingest.validationFraction", "a fifth");

        assertThat(edits.problems()).containsExactly(
                "training.batchSize: expected a whole number, was \"many\"",
                "unknown setting 'training.learningRat'; known in training: [mode, topK, learningRate, warmupSteps, "
                        + "lrSchedule, totalSteps, weightDecay, batchSize, maxLength, dropout, replayCapacity, "
                        + "replayRatio, checkpointEveryShards, checkpointEveryMs]",
                "state: written by the CLI itself (the task name is the command's argument; the state changes with "
                        + "'task pause' and 'task resume')",
                "training: a group of settings; set its fields, e.g. training.mode",
                "ingest.validationFraction: expected a number, was \"a fifth\"");
        assertThatThrownBy(() -> TaskSpecDrafts.create("x", edits, T0, "ann")).isInstanceOf(
                TaskRefusedException.class).extracting(e -> ((TaskRefusedException) e).problems()).asList()
                .hasSize(5);
    }

    @Test
    void shouldLetAnOptionWinOverTheFile() {
        TaskEdits file = new TaskEdits().set("labels", "a,b").set("training.batchSize", 8);
        TaskEdits options = new TaskEdits().set("training.batchSize", 64);

        TaskSpec spec = TaskSpecDrafts.create("t", file.overriddenBy(options), T0, "ann");

        assertThat(spec.getTraining().getBatchSize()).isEqualTo(64);
        assertThat(spec.getLabels()).containsExactly("a", "b");
    }
}
