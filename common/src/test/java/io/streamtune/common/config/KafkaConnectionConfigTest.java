package io.streamtune.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"ingest\" password=\"s3cr3t-value\";";

    @Test
    void shouldHideSecretsInToString() {
        KafkaConnectionConfig config = new KafkaConnectionConfig(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.password", "trust-pass"));

        assertThat(config.toString())
                .contains("broker:9093", "SASL_SSL", "[hidden]")
                .doesNotContain("s3cr3t-value", "trust-pass");
    }

    @Test
    void shouldBuildReadCommittedConsumersAndIdempotentProducersOverTheSecuredConnection() {
        KafkaConnectionConfig config = new KafkaConnectionConfig(Map.of("bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS, "kafka.request.timeout.ms", "7000"));

        assertThat(config.readCommittedConsumerConfigs())
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("request.timeout.ms", "7000");
        assertThat(config.idempotentProducerConfigs())
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry("bootstrap.servers", "broker:9093").containsEntry("request.timeout.ms", "7000")
                .doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        assertThat(config.transactionalProducerConfigs("judge-1"))
                .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "judge-1")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        assertThat(config.adminConfigs()).isEqualTo(config.clientProperties());
    }

    @Test
    void shouldHandSecretsInClearToClients() {
        KafkaConnectionConfig config = new KafkaConnectionConfig(Map.of(
                "bootstrap.servers", "a:1,b:2", "sasl.jaas.config", JAAS));

        assertThat(config.clientProperties())
                .containsEntry("bootstrap.servers", "a:1,b:2")
                .containsEntry("sasl.jaas.config", JAAS)
                .doesNotContainKey("ssl.keystore.location");
    }

    @Test
    void shouldRejectUnknownSecurityProtocol() {
        assertThatThrownBy(() -> new KafkaConnectionConfig(Map.of("security.protocol", "SASL_TLS")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.protocol");
    }

    @Test
    void shouldLetEnvironmentOverrideFileAndFlagsOverrideBoth(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "bootstrap.servers=file:1\nsecurity.protocol=SSL\nsasl.mechanism=PLAIN\n");

        Map<String, String> merged = ConfigLoader.load(file,
                Map.of("STREAMTUNE_BOOTSTRAP_SERVERS", "env:2", "STREAMTUNE_SECURITY_PROTOCOL", "SASL_SSL",
                        "HOME", "/root"),
                Map.of("security.protocol", "PLAINTEXT"));

        assertThat(merged)
                .containsEntry("bootstrap.servers", "env:2")
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .doesNotContainKey("home");
    }

    @Test
    void shouldNameTheFileWhenItCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.properties");
    }

    @Test
    void shouldMapKeysToEnvironmentNamesAndBack() {
        assertThat(ConfigLoader.keyToEnv("bootstrap.servers")).isEqualTo("STREAMTUNE_BOOTSTRAP_SERVERS");
        assertThat(ConfigLoader.envToKey("STREAMTUNE_BOOTSTRAP_SERVERS")).isEqualTo("bootstrap.servers");
    }
}
