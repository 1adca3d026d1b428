package io.streamtune.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.evaluator.EvaluatorConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DriftConfigTest {

    @Test
    void shouldDefaultToTheRuleOfThumbThresholds() {
        assertThat(new EvaluatorConfig(withRequired()).driftSettings()).isEqualTo(DriftSettings.defaults())
                .satisfies(settings -> {
                    assertThat(settings.watchPsi()).isEqualTo(0.1);
                    assertThat(settings.driftPsi()).isEqualTo(0.25);
                });
    }

    @Test
    void shouldReadEveryDriftKey() {
        DriftSettings settings = new EvaluatorConfig(withRequired("drift.window.size", "500", "drift.min.examples",
                "300", "drift.psi.watch", "0.2", "drift.psi.drift", "0.5", "drift.confidence.bins", "10"))
                .driftSettings();

        assertThat(settings).isEqualTo(new DriftSettings(500, 300, 0.2, 0.5, 10));
    }

    @Test
    void shouldRefuseAMinimumAboveTheWindow() {
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("drift.window.size", "100")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.min.examples")
                .hasMessageContaining("must not exceed drift.window.size (100)");
    }

    @Test
    void shouldRefuseADriftThresholdBelowTheWatchThreshold() {
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("drift.psi.watch", "0.3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.psi.drift")
                .hasMessageContaining("at least drift.psi.watch (0.3)");
    }

    private static Map<String, String> withRequired(String... keyValues) {
        Map<String, String> config = new HashMap<>(Map.of("checkpoint.dir", "/c",
                "schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7"));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }
}
