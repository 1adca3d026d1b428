package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.ingest.IngestConfig;
import io.streamtune.launcher.demo.PipelineSpec;
import io.streamtune.trainer.TrainerConfig;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ServiceDefaultsTest {

    @Test
    void shouldGiveEachServiceItsOwnDefaultMetricsPortTheOnesUpUses() {
        int ingest = metricsPort(IngestConfig.configDef(List.of("spam")));
        int trainer = metricsPort(TrainerConfig.configDef(List.of("spam")));
        int evaluator = metricsPort(EvaluatorConfig.configDef());

        assertThat(List.of(ingest, trainer, evaluator)).as("two services on one host must not collide")
                .doesNotHaveDuplicates();
        PipelineSpec.Ports standard = PipelineSpec.Ports.standard();
        assertThat(List.of(ingest, trainer, evaluator))
                .containsExactly(standard.ingestMetrics(), standard.trainerMetrics(), standard.evaluatorMetrics());
    }

    private static int metricsPort(ConfigDef definition) {
        return (Integer) definition.configKeys().get("metrics.port").defaultValue;
    }
}
