package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.trainer.TrainerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineSpecTest {

    @Test
    void shouldGiveEveryServiceOfUpAndTheDemoItsOwnStaticGroupInstanceId() {
        PipelineSpec spec = PipelineSpec.defaults(Path.of("run"), PipelineSpec.Ports.standard());

        List<String> ids = List.of(spec.ingest().get("group.instance.id"), spec.trainer().get("group.instance.id"),
                spec.evaluator().get("group.instance.id"));

        assertThat(ids).containsExactly("ingest-1", "trainer-1", "evaluator-1");
    }

    @Test
    void shouldHandTheEvaluatorTheTrainersCheckpointDirectoryAndNothingItRefuses() {
        PipelineSpec spec = PipelineSpec.defaults(Path.of("run"), PipelineSpec.Ports.standard());
        Map<String, String> evaluator = new HashMap<>(spec.evaluator());
        evaluator.put("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");

        assertThat(new EvaluatorConfig(evaluator).checkpointDir())
                .isEqualTo(Path.of(spec.trainer().get("checkpoint.dir")));
    }

    @Test
    void shouldLetTheDemosTrainerKeepEveryChampionAndLeaveUpsRetentionAlone() {
        PipelineSpec up = PipelineSpec.defaults(Path.of("run"), PipelineSpec.Ports.standard());

        assertThat(up.withEveryChampionKept().trainerConfig().retentionPolicy().champions())
                .isEqualTo(PipelineSpec.DEMO_CHAMPIONS_KEPT);
        assertThat(up.trainerConfig().retentionPolicy().champions())
                .isEqualTo(TrainerConfig.CHECKPOINT_RETENTION_CHAMPIONS_DEFAULT);
    }

    @Test
    void shouldRefuseATrainerSettingTheTrainerRefusesNamingTheKey() {
        PipelineSpec spec = PipelineSpec.defaults(Path.of("run"), PipelineSpec.Ports.standard())
                .withTrainer("checkpoint.retention.champions", "-1");

        assertThatThrownBy(spec::checked).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trainer setting refused").hasMessageContaining("checkpoint.retention.champions");
    }

    @Test
    void shouldGiveAnEmptyPipelineNoStaticTaskAndPinOneOnlyWhereAsked() {
        PipelineSpec empty = PipelineSpec.empty(Path.of("run"), PipelineSpec.Ports.standard());
        PipelineSpec seeded = empty.withStaticTask("news_en-2", "a,b", Set.of("trainer"));

        assertThat(empty.ingest()).doesNotContainKeys("tasks");
        assertThat(empty.trainer()).doesNotContainKeys("tasks");
        assertThat(seeded.ingest()).isEqualTo(empty.ingest());
        assertThat(seeded.trainer()).containsEntry("tasks", "news_en-2").containsEntry("task.news_en-2.labels", "a,b");
        assertThat(empty.withStaticTask("spam", "ham,spam", Set.of("ingest", "trainer")).ingest())
                .containsEntry("tasks", "spam").containsEntry("task.spam.labels", "ham,spam");
    }

    @Test
    void shouldStartUpAndTheDemoWithNoStaticTask() {
        PipelineSpec spec = PipelineSpec.defaults(Path.of("run"), PipelineSpec.Ports.standard());

        assertThat(spec.ingest()).doesNotContainKeys("tasks", "task.spam.labels");
        assertThat(spec.trainer()).doesNotContainKeys("tasks", "task.spam.labels");
        assertThat(spec).isEqualTo(PipelineSpec.empty(Path.of("run"), PipelineSpec.Ports.standard())
                .withStaticTask(PipelineSpec.TASK, PipelineSpec.LABELS, PipelineSpec.STATIC_DEMO_TASK_SERVICES));
    }
}
