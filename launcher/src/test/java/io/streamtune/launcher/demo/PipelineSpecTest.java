package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.EvaluatorConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}
