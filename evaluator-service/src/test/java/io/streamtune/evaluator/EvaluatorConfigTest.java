package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.common.config.ConfigLoader;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.evaluator.gate.ChangeThreshold;
import io.streamtune.evaluator.gate.GatePolicy;
import io.streamtune.evaluator.gate.ValueThreshold;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadGateRulesAndSizesFromAFileWithEnvironmentOverrides() throws Exception {
        Path file = dir.resolve("evaluator.properties");
        Files.writeString(file, """
                checkpoint.dir=/data/checkpoints
                schema.registry.url=http://127.0.0.1:8081/apis/ccompat/v7
                gate.rules=macro_f1 >= 0.8; log_loss <= champion * (1 - 0.05)
                min.validation.examples=50
                validation.anchor.size=100
                validation.recent.size=400
                """);
        EvaluatorConfig config = new EvaluatorConfig(ConfigLoader.load(file,
                Map.of("STREAMTUNE_MIN_VALIDATION_EXAMPLES", "75", "STREAMTUNE_DEVICE", "CPU"), Map.of()));

        GatePolicy policy = config.gatePolicy();
        assertThat(policy.thresholds()).hasSize(2);
        assertThat(policy.thresholds().get(0)).isInstanceOf(ValueThreshold.class);
        assertThat(policy.thresholds().get(1)).isInstanceOf(ChangeThreshold.class);
        assertThat(policy.minValidationExamples()).isEqualTo(75);
        assertThat(policy.onChampionUnavailable()).isEqualTo(GatePolicy.ChampionUnavailable.REJECT);
        assertThat(config.anchorSize()).isEqualTo(100);
        assertThat(config.recentSize()).isEqualTo(400);
        assertThat(config.checkpointDir()).isEqualTo(Path.of("/data/checkpoints"));
        assertThat(config.device()).isEqualTo("cpu");
        assertThat(config.baseModelOnnx()).isNull();
    }

    @Test
    void shouldDefaultToAPairedGateWithALogLossTieBreakerAndAnAnchorRule() {
        EvaluatorConfig config = new EvaluatorConfig(withRequired());

        assertThat(config.gatePolicy().thresholds()).extracting(t -> t.describe()).containsExactly(
                "macro_f1 not_worse_than champion by 0.005 at 0.95", "log_loss < champion",
                "anchor_macro_f1 not_worse_than champion by 0.01 at 0.95");
        assertThat(config.groupId()).isEqualTo("streamtune-evaluator");
        assertThat(config.transactionalId()).isEqualTo("streamtune-evaluator");
    }

    @Test
    void shouldUseStaticMembershipOnlyWhenGivenAStableName() {
        Map<String, String> raw = withRequired();
        assertThat(new EvaluatorConfig(raw).groupInstanceId()).isNull();

        raw.put("group.instance.id", "evaluator-0");

        assertThat(new EvaluatorConfig(raw).groupInstanceId()).isEqualTo("evaluator-0");
    }

    @Test
    void shouldQuoteAnUnreadableGateRule() {
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("gate.rules", "macro_f1 > 0.9")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gate.rules")
                .hasMessageContaining("Cannot read gate rule 'macro_f1 > 0.9'");
    }

    @Test
    void shouldRequireTheCheckpointStore() {
        assertThatThrownBy(() -> new EvaluatorConfig(Map.of("schema.registry.url", "http://127.0.0.1:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("checkpoint.dir");
    }

    @Test
    void shouldRefuseAMinimumThatTheRecentWindowCanNeverReach() {
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("min.validation.examples", "500",
                "validation.recent.size", "100")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("min.validation.examples").hasMessageContaining("nothing is ever promoted");
    }

    @Test
    void shouldRequireBothBaseModelFilesOrNeither() {
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("base.model.onnx", "/m/model.onnx")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("base.model.tokenizer");
    }

    @Test
    void shouldNameTheBaseModelAsTheTrainerDoes() {
        assertThat(new EvaluatorConfig(withRequired()).baseModel().id()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(new EvaluatorConfig(withRequired("base.model", "bge-small-en-v1.5")).baseModel().id())
                .isEqualTo("bge-small-en-v1.5");
        EvaluatorConfig onnx = new EvaluatorConfig(withRequired("base.model", "onnx:/m/model.onnx",
                "base.model.tokenizer", "tokenizer:/m/tokenizer.json"));
        assertThat(onnx.baseModel().onnxFile()).contains(Path.of("/m/model.onnx"));
        assertThat(onnx.baseModel().tokenizerFile()).contains(Path.of("/m/tokenizer.json"));
        assertThat(new EvaluatorConfig(withRequired("base.model.onnx", "/m/model.onnx", "base.model.tokenizer",
                "/m/tokenizer.json")).baseModel()).as("the older keys win").isNull();
    }

    @Test
    void shouldRefuseABaseModelTheTrainerWouldRefuse() {
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("base.model", "gpt-5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("base.model")
                .hasMessageContaining("unknown base model 'gpt-5'");
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("base.model", "onnx:/m/model.onnx")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has no tokenizer");
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("base.model.tokenizer", "/m/tokenizer.json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("given without an ONNX file");
    }

    @Test
    void shouldRefuseAnUnknownDeviceAndChampionPolicy() {
        Map<String, String> device = withRequired("device", "tpu");
        assertThatThrownBy(() -> new EvaluatorConfig(device)).hasMessageContaining("device");
        Map<String, String> policy = withRequired("champion.unavailable", "IGNORE");
        assertThatThrownBy(() -> new EvaluatorConfig(policy)).hasMessageContaining("champion.unavailable");
    }

    @Test
    void shouldHideSecretsInToString() {
        EvaluatorConfig config = new EvaluatorConfig(withRequired("sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"u\" password=\"s3cret\";"));

        assertThat(config.toString()).doesNotContain("s3cret").contains("gate.rules");
    }

    @Test
    void shouldReadTheCheckpointDirectoryUnderItsFormerName() {
        Map<String, String> raw = withRequired();
        raw.remove("checkpoint.dir");
        raw.put("checkpoint.store.dir", "/old/checkpoints");
        assertThat(new EvaluatorConfig(raw).checkpointDir()).isEqualTo(Path.of("/old/checkpoints"));
        raw.put("checkpoint.dir", "/old/checkpoints");
        assertThat(new EvaluatorConfig(raw).checkpointDir()).isEqualTo(Path.of("/old/checkpoints"));
    }

    @Test
    void shouldRefuseTheFormerAndTheNewCheckpointDirectoryKeyNamingDifferentDirectories() {
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("checkpoint.store.dir", "/other")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("checkpoint.store.dir").hasMessageContaining("set only checkpoint.dir");
    }

    @Test
    void shouldRefuseTasksItWouldOtherwiseIgnore() {
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("tasks", "spam")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tasks").hasMessageContaining("labels from its checkpoint");
        assertThatThrownBy(() -> new EvaluatorConfig(withRequired("task.spam.labels", "ham,spam")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.spam.labels");
    }

    @Test
    void shouldServeMetricsOnAPortOfItsOwnByDefault() {
        assertThat(new EvaluatorConfig(withRequired()).metricsPort()).isEqualTo(9466);
    }

    @Test
    void shouldBuildTheCheckpointConsumerForTheGroupOneCommittedCheckpointAtATime() {
        Map<String, Object> consumer = new EvaluatorConfig(withRequired("group.id", "judges",
                "group.instance.id", "evaluator-0", "consumer.max.poll.interval.ms", "900000"))
                .checkpointConsumerConfigs();
        assertThat(consumer).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "judges")
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "evaluator-0")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "judges-checkpoints")
                .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "900000");
    }

    @Test
    void shouldReadStateWithoutAGroupAndPublishDecisionsInTransactions() {
        EvaluatorConfig config = new EvaluatorConfig(withRequired("transactional.id", "judge-1",
                "kafka.request.timeout.ms", "7000"));
        assertThat(config.stateConsumerConfigs()).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "streamtune-evaluator-state");
        assertThat(config.decisionProducerConfigs()).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "judge-1")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "judge-1-producer")
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_EVENT_BYTES)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "7000");
    }

    /** The two keys without defaults, plus {@code keyValues}. */
    private static Map<String, String> withRequired(String... keyValues) {
        Map<String, String> config = new HashMap<>(Map.of("checkpoint.dir", "/c",
                "schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7"));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }
}
