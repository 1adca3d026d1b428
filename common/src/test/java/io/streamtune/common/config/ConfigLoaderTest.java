package io.streamtune.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void shouldConfigureTasksWhoseNamesHoldUnderscoresOrHyphensThroughTheEnvironment() {
        Map<String, String> raw = ConfigLoader.fromEnv(Map.of(
                "STREAMTUNE_TASKS", "news_en,news-en",
                "STREAMTUNE_TASK_NEWS__EN_LABELS", "sport,politics",
                "STREAMTUNE_TASK_NEWS___EN_LABELS", "sports,politics"));

        assertThat(raw).containsOnly(Map.entry("tasks", "news_en,news-en"),
                Map.entry("task.news_en.labels", "sport,politics"),
                Map.entry("task.news-en.labels", "sports,politics"));
        assertThat(TaskKeys.taskNames(raw)).containsExactly("news_en", "news-en");
    }

    @Test
    void shouldKeepReadingSimpleNamesWithOneUnderscorePerDot() {
        assertThat(ConfigLoader.fromEnv(Map.of("STREAMTUNE_SHARD_MAX_AGE_MS", "60000",
                "STREAMTUNE_TASK_SPAM_LABELS", "ham,spam", "HOME", "/root")))
                .containsOnly(Map.entry("shard.max.age.ms", "60000"), Map.entry("task.spam.labels", "ham,spam"));
    }

    @Test
    void shouldNameTheVariableOfEveryKeyAndReadItBack() {
        for (String key : List.of("bootstrap.servers", "task.news_en.labels", "task.news-en.labels",
                "task.a_b-c.max.text.chars", "kafka.request.timeout.ms")) {
            String variable = ConfigLoader.keyToEnv(key);
            assertThat(ConfigLoader.fromEnv(Map.of(variable, "x"))).as(variable).containsOnlyKeys(key);
        }
        assertThat(ConfigLoader.keyToEnv("task.news_en.labels")).isEqualTo("STREAMTUNE_TASK_NEWS__EN_LABELS");
        assertThat(ConfigLoader.keyToEnv("task.news-en.labels")).isEqualTo("STREAMTUNE_TASK_NEWS___EN_LABELS");
    }

    @Test
    void shouldRefuseARunOfUnderscoresThatStandsForNoKey() {
        assertThatThrownBy(() -> ConfigLoader.fromEnv(Map.of("STREAMTUNE_TASK_NEWS____EN_LABELS", "a,b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STREAMTUNE_TASK_NEWS____EN_LABELS").hasMessageContaining("'__' for '_'");
    }
}
