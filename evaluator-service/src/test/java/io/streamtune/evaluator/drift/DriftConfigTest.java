package io.streamtune.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.evaluator.EvaluatorConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DriftConfigTest {

    @Test
    void shouldGiveTheEvaluatorTheRuleOfThumbThresholdsByDefault() {
        EvaluatorConfig config = new EvaluatorConfig(Map.of("checkpoint.dir", "/c",
                "schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7"));

        assertThat(config.driftSettings()).isEqualTo(DriftSettings.defaults());
        assertThat(config.driftSettings().watchPsi()).isEqualTo(0.1);
        assertThat(config.driftSettings().driftPsi()).isEqualTo(0.25);
    }

    @Test
    void shouldReadEveryDriftKey() {
        DriftSettings settings = settings(Map.of("drift.window.size", "500", "drift.min.examples", "300",
                "drift.psi.watch", "0.2", "drift.psi.drift", "0.5", "drift.confidence.bins", "10"));

        assertThat(settings).isEqualTo(new DriftSettings(500, 300, 0.2, 0.5, 10));
    }

    @Test
    void shouldRefuseAMinimumAboveTheWindow() {
        assertThatThrownBy(() -> settings(Map.of("drift.window.size", "100")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.min.examples")
                .hasMessageContaining("must not exceed drift.window.size (100)");
    }

    @Test
    void shouldRefuseADriftThresholdBelowTheWatchThreshold() {
        assertThatThrownBy(() -> settings(Map.of("drift.psi.watch", "0.3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.psi.drift")
                .hasMessageContaining("at least drift.psi.watch (0.3)");
    }

    private static DriftSettings settings(Map<String, String> values) {
        return DriftConfig.settings(new AbstractConfig(DriftConfig.define(new ConfigDef()), values));
    }
}
