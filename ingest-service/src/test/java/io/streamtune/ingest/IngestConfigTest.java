package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.schemas.TaskIngest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> config = new HashMap<>();
        config.put("schema.registry.url", "http://registry:8081");
        config.put("tasks", "spam");
        config.put("task.spam.labels", "ham,spam");
        return config;
    }

    private static IngestConfig config(Map<String, String> changes) {
        Map<String, String> config = minimal();
        config.putAll(changes);
        return new IngestConfig(config);
    }

    @Test
    void shouldApplyServiceDefaultsAndPerTaskOverrides() {
        IngestConfig config = config(Map.of("tasks", "spam,digits", "task.digits.labels", "0,1",
                "task.digits.feature.dimension", "64", "task.digits.validation.fraction", "0.25",
                "max.text.chars", "500"));

        assertThat(config.tasks()).containsOnlyKeys("spam", "digits");
        assertThat(config.tasks().get("spam")).isEqualTo(new TaskRules("spam", List.of("ham", "spam"), 500, 0, 0.1,
                1000, Duration.ofSeconds(60)));
        assertThat(config.tasks().get("digits")).isEqualTo(new TaskRules("digits", List.of("0", "1"), 500, 64, 0.25,
                1000, Duration.ofSeconds(60)));
    }

    @Test
    void shouldPinEachStaticTaskAsASpecWhoseUnsetKeysStayNull() {
        IngestConfig config = config(Map.of("tasks", "spam,news_en-2", "task.news_en-2.labels", "a,b,c",
                "task.news_en-2.shard.max.examples", "7", "task.news_en-2.shard.max.age.ms", "2500"));

        assertThat(config.pinnedTasks()).containsOnlyKeys("spam", "news_en-2");
        TaskIngest news = config.pinnedTasks().get("news_en-2").getIngest();
        assertThat(news.getShardMaxExamples()).isEqualTo(7);
        assertThat(news.getShardMaxAgeMs()).isEqualTo(2500L);
        assertThat(news.getMaxTextChars()).isNull();
        assertThat(config.tasks().get("news_en-2").shardMaxAge()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.tasks().get("spam").shardMaxExamples()).isEqualTo(1000);
    }

    @Test
    void shouldStartWithNoStaticTasksAndTakeThemAllFromTheTopic() {
        Map<String, String> absent = minimal();
        absent.remove("tasks");
        absent.remove("task.spam.labels");

        assertThat(new IngestConfig(absent).pinnedTasks()).isEmpty();
        absent.put("tasks", " ");
        assertThat(new IngestConfig(absent).pinnedTasks()).isEmpty();
        assertThatThrownBy(() -> new IngestConfig(Map.of("schema.registry.url", "http://registry:8081",
                "task.spam.labels", "ham,spam"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("task.spam.labels");
    }

    @Test
    void shouldRequireLabelsForEveryListedTask() {
        assertThatThrownBy(() -> config(Map.of("tasks", "spam,sentiment")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.sentiment.labels");
    }

    @Test
    void shouldRejectSettingsForUnlistedTask() {
        assertThatThrownBy(() -> config(Map.of("task.spma.max.text.chars", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.spma.max.text.chars")
                .hasMessageContaining("not listed");
    }

    @Test
    void shouldRejectDuplicateLabels() {
        assertThatThrownBy(() -> config(Map.of("task.spam.labels", "ham,spam,ham")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("distinct");
    }

    @Test
    void shouldRejectTaskNameThatCannotBePartOfAKey() {
        assertThatThrownBy(() -> config(Map.of("tasks", "spam.v2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("spam.v2");
    }

    @Test
    void shouldRejectFractionOutsideUnitInterval() {
        assertThatThrownBy(() -> config(Map.of("task.spam.validation.fraction", "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.spam.validation.fraction");
    }

    @Test
    void shouldRejectShardByteLimitThatCannotFitTheShardTopic() {
        assertThatThrownBy(() -> config(Map.of("shard.max.bytes", String.valueOf(64 * 1024 * 1024))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("shard.max.bytes");
    }

    @Test
    void shouldRefuseAProducerRequestSizeBelowTheLargestDeadLetterNamingBothSettings() {
        assertThatThrownBy(() -> config(Map.of("streams.producer.max.request.size", "1048576")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("streams.producer.max.request.size=1048576")
                .hasMessageContaining("shard.max.bytes");
        assertThatThrownBy(() -> config(Map.of("streams.producer.max.request.size", "5000000",
                "shard.max.bytes", "1024")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MAX_DEAD_LETTER_BYTES");
    }

    @Test
    void shouldRefuseATextLimitNoShardCouldHold() {
        assertThatThrownBy(() -> config(Map.of("task.spam.max.text.chars", "100000000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.spam.max.text.chars");
    }

    @Test
    void shouldTakeExamplesOfTheExamplesValueSubjectByDefaultAndOfTheConfiguredOnesOtherwise() {
        assertThat(config(Map.of()).exampleSubjects()).containsExactly("examples-value");
        assertThat(config(Map.of()).exampleRecordNames()).isEmpty();
        assertThat(config(Map.of("value.subject.name.strategy", "RecordNameStrategy")).exampleSubjects())
                .containsExactly("io.streamtune.schemas.LabeledExample");
        assertThat(config(Map.of("example.subjects", "a-value,b-value", "example.record.names", "com.acme.Example"))
                .exampleSubjects()).containsExactlyInAnyOrder("a-value", "b-value");
        assertThat(config(Map.of()).eventTimeMaxAgeMs()).isEqualTo(365L * 24 * 60 * 60 * 1000);
    }

    @Test
    void shouldInstallTheTooLargeBackstopAsProductionHandler() {
        assertThat(config(Map.of()).streamsProperties())
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, TooLargeRecordHandler.class);
    }

    @Test
    void shouldRunStreamsExactlyOnceAndLetPassThroughKeysWin() {
        Properties props = config(Map.of("application.id", "ingest-a", "streams.commit.interval.ms", "250"))
                .streamsProperties();

        assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-a")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250")
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    }

    @Test
    void shouldGiveTheStreamThreadsStaticMembershipAndEveryClientThePassThroughKafkaSettings() {
        Properties props = config(Map.of("group.instance.id", "ingest-0", "kafka.request.timeout.ms", "5000"))
                .streamsProperties();

        assertThat(props).containsEntry(StreamsConfig.mainConsumerPrefix("group.instance.id"), "ingest-0")
                .containsEntry("request.timeout.ms", "5000");
        assertThat(config(Map.of()).streamsProperties()).doesNotContainKey(
                StreamsConfig.mainConsumerPrefix("group.instance.id"));
    }

    @Test
    void shouldHideSecretsInToString() {
        String text = config(Map.of("sasl.jaas.config", "x required password=\"hunter2\";",
                "basic.auth.user.info", "user:registry-secret")).toString();

        assertThat(text).contains("ham", "[hidden]").doesNotContain("hunter2", "registry-secret");
    }

    @Test
    void shouldKeepTheDeclaredOrderOfTasks() {
        List<String> names = List.of("zeta", "alpha", "news_en", "news-en", "mid", "beta", "omega", "spam");
        Map<String, String> changes = new HashMap<>(Map.of("tasks", String.join(",", names)));
        names.forEach(name -> changes.put("task." + name + ".labels", "no,yes"));

        Map<String, TaskRules> tasks = config(changes).tasks();

        assertThat(tasks.keySet()).containsExactlyElementsOf(names);
        assertThatThrownBy(() -> tasks.remove("spam")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldReplayOnlyCommittedInputAndNeverSkipARangeRetentionDeleted() {
        Map<String, Object> replay = config(Map.of("bootstrap.servers", "broker:9093",
                "kafka.request.timeout.ms", "7000")).replayConsumerConfigs();

        assertThat(replay).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")
                .containsEntry(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "7000")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
    }
}
