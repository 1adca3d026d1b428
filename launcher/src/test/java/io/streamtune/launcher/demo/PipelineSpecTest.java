package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineSpecTest {

    @Test
    void shouldGiveEveryServiceOfUpAndTheDemoItsOwnStaticGroupInstanceId() {
        PipelineSpec spec = PipelineSpec.defaults(Path.of("run"), PipelineSpec.Ports.standard());

        List<String> ids = List.of(spec.ingest().get("group.instance.id"), spec.trainer().get("group.instance.id"),
                spec.evaluator().get("group.instance.id"));

        assertThat(ids).containsExactly("ingest-1", "trainer-1", "evaluator-1");
    }
}
