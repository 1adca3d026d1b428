package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.gate.GatePolicy;
import io.streamtune.evaluator.gate.ThresholdParser;
import io.streamtune.evaluator.ops.PromotionKind;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.TaskEvaluation;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.tasks.TaskChange;
import io.streamtune.tasks.TaskSpecs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskStateTest {

    private static final String TASK = "ticket-triage_v1";
    private static final io.streamtune.schemas.TaskState ACTIVE = io.streamtune.schemas.TaskState.ACTIVE;
    private static final io.streamtune.schemas.TaskState PAUSED = io.streamtune.schemas.TaskState.PAUSED;

    @Test
    void shouldKeepOneValidationSetPerTaskAndSkipUnusableExamples() {
        TaskState state = new TaskState(sizes(1, 2));

        assertThat(state.addValidation(example("a", "spam", "win cash", "spam"))).isTrue();
        assertThat(state.addValidation(example("b", "news", "rates rise", "economy"))).isTrue();
        assertThat(state.addValidation(example("c", "spam", null, "ham"))).as("no text").isFalse();
        assertThat(state.addValidation(example("d", "spam", "lunch?", null))).as("no label").isFalse();
        assertThat(state.addValidation(example("e", null, "lunch?", "ham"))).as("no task").isFalse();
        assertThat(state.addValidation(example("a", "spam", "win cash", "spam"))).as("seen").isFalse();

        assertThat(state.tasks()).containsExactlyInAnyOrder("spam", "news");
        assertThat(state.validationSet("spam").size()).isEqualTo(1);
        assertThat(state.validationSet("news").anchor()).extracting(LabeledExample::getId).containsExactly("b");
    }

    @Test
    void shouldTakeTheLastPromotionOfATaskAsItsChampionLikeASubscriber() {
        TaskState state = new TaskState(sizes(0, 10));
        assertThat(state.champion("spam")).as("base model").isNull();

        state.promoted(promotion("v1", PromotionKind.PROMOTION));
        state.promoted(promotion("v2", PromotionKind.PROMOTION));
        state.promoted(promotion("v1", PromotionKind.ROLLBACK));

        assertThat(state.champion("spam").getModelVersion()).isEqualTo("v1");
        assertThat(state.champion("spam").getKind()).isEqualTo("ROLLBACK");
        assertThat(state.champion("news")).isNull();
    }

    @Test
    void shouldEvaluateATaskNeverSeenOnTheTasksTopicWithTheDefaults() {
        TaskState state = new TaskState(EvaluationSettingsTest.DEFAULTS);

        assertThat(state.skipReason("spam")).isNull();
        assertThat(state.settings("spam")).isEqualTo(EvaluationSettingsTest.DEFAULTS);
    }

    @Test
    void shouldTakeATasksSettingsFromItsSpecAndResizeItsValidationSet() {
        TaskState state = new TaskState(sizes(1, 3));
        for (String id : List.of("a", "b", "c", "d")) {
            state.addValidation(example(id, TASK, "text " + id, "bug"));
        }
        TaskSpec spec = spec(TaskEvaluation.newBuilder().setGateRules("macro_f1 >= 2").setMinValidationExamples(1)
                .setAnchorSize(0).setRecentSize(2).build(), ACTIVE);

        state.apply(new TaskChange(TASK, null, spec));

        assertThat(state.skipReason(TASK)).isNull();
        assertThat(state.settings(TASK).gatePolicy().thresholds())
                .isEqualTo(ThresholdParser.parseAll("macro_f1 >= 2"));
        assertThat(state.validationSet(TASK).anchor()).isEmpty();
        assertThat(state.validationSet(TASK).recent()).extracting(LabeledExample::getId).containsExactly("c", "d");
        assertThat(state.settings("spam")).as("other tasks keep the defaults").isEqualTo(sizes(1, 3));
    }

    @Test
    void shouldSkipAPausedTaskUntilItIsActiveAgainAndKeepItsValidationData() {
        TaskState state = new TaskState(sizes(0, 10));
        TaskSpec active = spec(null, ACTIVE);
        TaskSpec paused = spec(null, PAUSED);
        state.apply(new TaskChange(TASK, null, paused));

        assertThat(state.skipReason(TASK)).isEqualTo(TaskState.SkipReason.PAUSED);
        assertThat(state.addValidation(example("a", TASK, "text", "bug"))).as("still collected").isTrue();

        state.apply(new TaskChange(TASK, paused, active));
        assertThat(state.skipReason(TASK)).isNull();
        assertThat(state.validationSet(TASK).size()).isEqualTo(1);
    }

    @Test
    void shouldDropADeletedTasksValidationDataAndIgnoreItsExamplesUntilItIsCreatedAgain() {
        TaskState state = new TaskState(sizes(0, 10));
        TaskSpec spec = spec(null, ACTIVE);
        state.apply(new TaskChange(TASK, null, spec));
        state.addValidation(example("a", TASK, "text", "bug"));
        state.addValidation(example("b", "spam", "text", "ham"));

        state.apply(new TaskChange(TASK, spec, null));

        assertThat(state.skipReason(TASK)).isEqualTo(TaskState.SkipReason.DELETED);
        assertThat(state.tasks()).containsExactly("spam");
        assertThat(state.heldExamples()).isEqualTo(1);
        assertThat(state.addValidation(example("c", TASK, "text", "bug"))).isFalse();
        assertThat(state.heldExamples()).isEqualTo(1);

        state.apply(new TaskChange(TASK, null, spec));
        assertThat(state.skipReason(TASK)).isNull();
        assertThat(state.addValidation(example("c", TASK, "text", "bug"))).isTrue();
    }

    private static EvaluationSettings sizes(int anchor, int recent) {
        return new EvaluationSettings(new GatePolicy(ThresholdParser.parseAll("macro_f1 >= champion"), 1,
                GatePolicy.ChampionUnavailable.REJECT), anchor, recent);
    }

    private static TaskSpec spec(TaskEvaluation evaluation, io.streamtune.schemas.TaskState taskState) {
        return TaskSpecs.of(TASK, List.of("bug", "billing"), Instant.EPOCH).setEvaluation(evaluation)
                .setState(taskState).build();
    }

    private static LabeledExample example(String id, String task, String text, String label) {
        return LabeledExample.newBuilder().setId(id).setTask(task).setText(text).setLabel(label)
                .setEventTime(Instant.EPOCH).build();
    }

    private static PromotionEvent promotion(String version, PromotionKind kind) {
        return PromotionEvent.newBuilder().setTask("spam").setModelVersion(version).setLocation("spam/" + version)
                .setContentHash("00").setPreviousVersion(null).setMetrics(null).setLineage(List.of())
                .setKind(kind.name()).setReason("test").setPromotedAt(Instant.EPOCH).build();
    }
}
