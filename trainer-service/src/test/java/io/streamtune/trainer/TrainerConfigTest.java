package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.model.train.TrainingMode;
import io.streamtune.trainer.core.BaseModelSpec;
import io.streamtune.trainer.core.RetentionPolicy;
import io.streamtune.trainer.core.TaskSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
    void shouldRefuseKeysOfAnUnlistedTask() {
        Map<String, String> raw = minimal();
        raw.put("task.fraud.labels", "ok,fraud");
        assertThatThrownBy(() -> new TrainerConfig(raw)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("fraud");
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
}
