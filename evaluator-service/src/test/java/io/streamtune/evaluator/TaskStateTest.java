package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.ops.PromotionKind;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskStateTest {

    @Test
    void shouldKeepOneValidationSetPerTaskAndSkipUnusableExamples() {
        TaskState state = new TaskState(1, 2);

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
        TaskState state = new TaskState(0, 10);
        assertThat(state.champion("spam")).as("base model").isNull();

        state.promoted(promotion("v1", PromotionKind.PROMOTION));
        state.promoted(promotion("v2", PromotionKind.PROMOTION));
        state.promoted(promotion("v1", PromotionKind.ROLLBACK));

        assertThat(state.champion("spam").getModelVersion()).isEqualTo("v1");
        assertThat(state.champion("spam").getKind()).isEqualTo("ROLLBACK");
        assertThat(state.champion("news")).isNull();
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
