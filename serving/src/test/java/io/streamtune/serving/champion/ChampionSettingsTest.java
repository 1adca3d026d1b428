package io.streamtune.serving.champion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.serving.ServeConfig;
import io.streamtune.serving.djl.DjlScorerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChampionSettingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeConnectionStoreTasksAndBackoffFromAServeConfig() {
        ServeConfig config = new ServeConfig(Map.of("bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "schema.registry.url", "http://registry:8081/apis/ccompat/v7",
                "checkpoint.dir", dir.toString(), "tasks", "spam, tickets",
                "broker.retry.backoff.ms", "250", "broker.retry.backoff.max.ms", "4000"));

        ChampionSettings settings = ChampionSettings.from(config).build();

        assertThat(settings.kafka()).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(settings.registry()).containsEntry("schema.registry.url", "http://registry:8081/apis/ccompat/v7");
        assertThat(settings.tasks()).containsExactly("spam", "tickets");
        assertThat(settings.backoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.scorers()).isInstanceOf(DjlScorerFactory.class);
        assertThat(settings.loaderThreads()).isEqualTo(1);
    }

    @Test
    void shouldNotShowSecretsInToString() {
        ChampionSettings settings = ChampionSettings.builder().bootstrapServers("broker:9093").checkpointDir(dir)
                .kafka(Map.of("sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"s3cret\";"))
                .registry(Map.of("basic.auth.user.info", "user:s3cret")).build();

        assertThat(settings.toString()).contains("broker:9093", "sasl.jaas.config", "basic.auth.user.info")
                .doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseSettingsWithoutBootstrapServersOrStore() {
        assertThatThrownBy(() -> ChampionSettings.builder().checkpointDir(dir).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> ChampionSettings.builder().bootstrapServers("broker:9092").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("store");
        assertThatThrownBy(() -> ChampionSettings.builder().bootstrapServers("broker:9092").checkpointDir(dir)
                .loaderThreads(0).build()).hasMessageContaining("loaderThreads");
    }

    @Test
    void shouldRefuseAChampionModelOfSeveralTasks() {
        ChampionSettings settings = ChampionSettings.builder().bootstrapServers("broker:9092").checkpointDir(dir)
                .tasks("spam", "tickets").build();

        assertThatThrownBy(() -> ChampionModel.start(settings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one task");
    }
}
