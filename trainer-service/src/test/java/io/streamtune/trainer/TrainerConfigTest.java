package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.Topics;
import io.streamtune.model.train.TrainingMode;
import io.streamtune.trainer.core.BaseModelSpec;
import io.streamtune.trainer.core.RetentionPolicy;
import io.streamtune.trainer.core.TaskSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> config = new HashMap<>();
        config.put("tasks", "spam");
        config.put("task.spam.labels", "ham,spam");
        config.put("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");
        return config;
    }

    private static Map<String, String> minimalWith(String... keyValues) {
        Map<String, String> config = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void shouldBuildTaskSettingsFromDefaults() {
        TrainerConfig config = new TrainerConfig(minimal());
        TaskSettings spam = config.tasks().get("spam");
        assertThat(spam.labels().labels()).containsExactly("ham", "spam");
        assertThat(spam.baseModel()).isEqualTo(BaseModelSpec.MINILM);
        assertThat(spam.fineTune().mode()).isEqualTo(TrainingMode.FULL);
        assertThat(spam.fineTune().patience()).as("no early stopping on a stream").isZero();
        assertThat(spam.modelOptions().device()).isEqualTo("auto");
        assertThat(config.checkpointPolicy().everyShards()).isEqualTo(10);
        assertThat(config.transactionalId("spam")).isEqualTo("streamtune-trainer-spam");
    }

    @Test
    void shouldReadOverrides() {
        Map<String, String> raw = minimal();
        raw.put("base.model", "tiny");
        raw.put("device", "cpu");
        raw.put("checkpoint.every.shards", "3");
        raw.put("checkpoint.every.ms", "5000");
        raw.put("replay.ratio", "1.5");
        raw.put("training.mode", "top-k");
        raw.put("top.k", "1");
        TrainerConfig config = new TrainerConfig(raw);
        TaskSettings spam = config.tasks().get("spam");
        assertThat(spam.baseModel()).isEqualTo(BaseModelSpec.TINY);
        assertThat(spam.replayRatio()).isEqualTo(1.5);
        assertThat(spam.fineTune().mode()).isEqualTo(TrainingMode.TOP_K);
        assertThat(config.checkpointPolicy().every()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldRefuseATaskWithoutLabels() {
        Map<String, String> raw = minimal();
        raw.remove("task.spam.labels");
        assertThatThrownBy(() -> new TrainerConfig(raw)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("task.spam.labels");
    }

    @Test
    void shouldStartWithNoStaticTasksAndPinTheListedOnesAsSpecs() {
        Map<String, String> raw = minimal();
        raw.remove("tasks");
        raw.remove("task.spam.labels");
        assertThat(new TrainerConfig(raw).tasks()).isEmpty();
        raw.put("tasks", "");
        assertThat(new TrainerConfig(raw).pinnedSpecs()).isEmpty();

        Map<String, String> pinned = minimalWith("tasks", "spam,support_tickets-v2",
                "task.support_tickets-v2.labels", "billing,bug,other");
        assertThat(new TrainerConfig(pinned).pinnedSpecs()).hasEntrySatisfying("support_tickets-v2", spec -> {
            assertThat(spec.getLabels()).containsExactly("billing", "bug", "other");
            assertThat(spec.getBaseModel()).as("the configured default applies").isNull();
        });
    }

    @Test
    void shouldRefuseKeysOfAnUnlistedTask() {
        Map<String, String> raw = minimal();
        raw.put("task.fraud.labels", "ok,fraud");
        assertThatThrownBy(() -> new TrainerConfig(raw)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("fraud");
    }

    @Test
    void shouldAcceptEveryBuiltinBaseModel() {
        for (String name : new String[] {"bge-small-en-v1.5", "E5-small-v2", "all-MiniLM-L6-v2", "tiny"}) {
            TrainerConfig config = new TrainerConfig(minimalWith("base.model", name));
            assertThat(config.tasks().get("spam").baseModel().id()).isEqualToIgnoringCase(name);
        }
        assertThat(BaseModelSpec.parse("onnx:/models/m.onnx", "tokenizer:/models/tokenizer.json").id())
                .isEqualTo("onnx:/models/m.onnx");
        assertThatThrownBy(() -> BaseModelSpec.parse("onnx:/models/m.onnx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no tokenizer");
    }

    @Test
    void shouldRefuseAnUnknownDeviceOrBaseModel() {
        Map<String, String> device = minimal();
        device.put("device", "tpu");
        assertThatThrownBy(() -> new TrainerConfig(device)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("device");
        Map<String, String> base = minimal();
        base.put("base.model", "gpt-5");
        assertThatThrownBy(() -> new TrainerConfig(base)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("base.model");
    }

    @Test
    void shouldKeepThreeNewestAndTwoPastChampionsByDefaultAndRefuseKeepingNone() {
        assertThat(new TrainerConfig(minimal()).retentionPolicy()).isEqualTo(new RetentionPolicy(3, 2));
        Map<String, String> raw = minimal();
        raw.put("checkpoint.retention.newest", "5");
        raw.put("checkpoint.retention.champions", "0");
        assertThat(new TrainerConfig(raw).retentionPolicy()).isEqualTo(new RetentionPolicy(5, 0));
        raw.put("checkpoint.retention.newest", "0");
        assertThatThrownBy(() -> new TrainerConfig(raw)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("checkpoint.retention.newest");
    }

    @Test
    void shouldHideSecretsWhenPrinted() {
        Map<String, String> raw = minimal();
        raw.put("sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";");
        assertThat(new TrainerConfig(raw).toString()).doesNotContain("s3cret").contains("[hidden]");
    }

    @Test
    void shouldKeepTheDeclaredOrderOfTasks() {
        Map<String, String> raw = minimal();
        List<String> names = List.of("zeta", "alpha", "news_en", "news-en", "mid", "beta", "omega", "spam");
        raw.put("tasks", String.join(",", names));
        names.forEach(name -> raw.put("task." + name + ".labels", "no,yes"));
        Map<String, TaskSettings> tasks = new TrainerConfig(raw).tasks();
        assertThat(tasks.keySet()).containsExactlyElementsOf(names);
        assertThatThrownBy(() -> tasks.remove("spam")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldBuildTheShardConsumerForTheGroupReadingCommittedShardsOneAtATime() {
        Map<String, Object> consumer = new TrainerConfig(minimalWith("bootstrap.servers", "broker:9093",
                "group.instance.id", "trainer-1", "max.poll.interval.ms", "1200000",
                "consumer.fetch.max.wait.ms", "50", "consumer.max.poll.records", "2")).shardConsumerConfigs();
        assertThat(consumer).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "streamtune-trainer")
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "trainer-1")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_200_000)
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        CooperativeStickyAssignor.class.getName())
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50")
                .as("consumer.* keys win").containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2");
        assertThat((Integer) consumer.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG))
                .isGreaterThan(Topics.MAX_SHARD_BYTES);
        assertThat(new TrainerConfig(minimal()).shardConsumerConfigs())
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void shouldFenceEachTasksCheckpointProducerByItsOwnTransactionalId() {
        Map<String, Object> producer = new TrainerConfig(minimalWith("transactional.id.prefix", "blue-trainer",
                "kafka.request.timeout.ms", "7000")).checkpointProducerConfigs("spam");
        assertThat(producer).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "blue-trainer-spam")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "7000");
    }

    @Test
    void shouldSizeTheDeadLetterProducerForAWholeShard() {
        Map<String, Object> producer = new TrainerConfig(minimal()).deadLetterProducerConfigs();
        assertThat(producer).containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }
}
