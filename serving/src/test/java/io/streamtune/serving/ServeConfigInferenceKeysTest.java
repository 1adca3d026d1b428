package io.streamtune.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ServeConfigInferenceKeysTest {

    private static ServeConfig config(String... keyValues) {
        Map<String, String> originals = new HashMap<>();
        originals.put(ServeConfig.CHECKPOINT_DIR_CONFIG, "/tmp/checkpoints");
        originals.put("schema.registry.url", "http://127.0.0.1:1/apis/ccompat/v7");
        for (int i = 0; i < keyValues.length; i += 2) {
            originals.put(keyValues[i], keyValues[i + 1]);
        }
        return new ServeConfig(originals);
    }

    @Test
    void shouldLeaveKafkaInferenceOffUnlessEnabled() {
        assertThat(config().inferenceEnabled()).isFalse();
        assertThat(config(ServeConfig.INFERENCE_ENABLED_CONFIG, "true").inferenceEnabled()).isTrue();
    }

    @Test
    void shouldDeriveTheTransactionalIdFromTheStaticMembershipId() {
        ServeConfig config = config(ServeConfig.INFERENCE_GROUP_INSTANCE_ID_CONFIG, "serve-0");

        assertThat(config.inferenceTransactionalId()).isEqualTo("streamtune-serve-serve-0");
        assertThat(config.inferenceConsumerConfigs()).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "serve-0");
        assertThat(config(ServeConfig.INFERENCE_TRANSACTIONAL_ID_CONFIG, "mine").inferenceTransactionalId())
                .isEqualTo("mine");
    }

    @Test
    void shouldGiveEveryInstanceItsOwnTransactionalIdWithoutStaticMembership() {
        String first = config().inferenceTransactionalId();

        assertThat(first).startsWith("streamtune-serve-").isNotEqualTo(config().inferenceTransactionalId());
    }

    @Test
    void shouldReadCommittedRequestsInTheInferenceGroupAndCommitOnlyInTransactions() {
        Map<String, Object> consumer = config(ServeConfig.INFERENCE_MAX_POLL_RECORDS_CONFIG, "64")
                .inferenceConsumerConfigs();
        Map<String, Object> producer = config().inferenceProducerConfigs("serve-x");

        assertThat(consumer).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "streamtune-serve")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 64);
        assertThat(producer).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "serve-x")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void shouldRefuseABatchOfNoTexts() {
        assertThatThrownBy(() -> config(ServeConfig.INFERENCE_MAX_BATCH_CONFIG, "0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ServeConfig.INFERENCE_MAX_BATCH_CONFIG);
    }
}
