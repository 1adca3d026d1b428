package io.streamtune.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerModeTest {

    @Test
    void shouldDefaultToAutoWhenUnset() {
        assertThat(BrokerMode.parse(null)).isEqualTo(BrokerMode.AUTO);
        assertThat(BrokerMode.parse(" ")).isEqualTo(BrokerMode.AUTO);
    }

    @Test
    void shouldParseModesCaseInsensitively() {
        assertThat(BrokerMode.parse("Embedded")).isEqualTo(BrokerMode.EMBEDDED);
        assertThat(BrokerMode.parse("docker")).isEqualTo(BrokerMode.DOCKER);
    }

    @Test
    void shouldExplainAnUnknownMode() {
        assertThatThrownBy(() -> BrokerMode.parse("kubernetes"))
                .hasMessageContaining("streamtune.kafka=kubernetes")
                .hasMessageContaining("auto, docker, embedded");
    }
}
