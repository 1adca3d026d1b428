package io.streamtune.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocsTest {

    private static final String README = """
            # Service

            Before.
            <!-- config:demo:start -->
            | stale |
            <!-- config:demo:end -->
            After.
            """;

    @TempDir
    Path dir;

    private static ConfigDef demo() {
        return new ConfigDef()
                .define("tasks", Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Task names; task.<name>.x")
                .define("shard.max.examples", Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                        "Closes a shard | counted")
                .define("state.dir", Type.STRING, null, (name, value) -> { }, Importance.LOW, "Where state lives.")
                .define("sasl.jaas.config", Type.PASSWORD, "secret", Importance.LOW, "Credentials.");
    }

    @Test
    void shouldWriteOneRowPerKeyInDefinitionOrderWithItsDefaultValidValuesAndMeaning() {
        assertThat(ConfigDocs.markdownTable(demo())).isEqualTo("""
                | key | default | valid values | meaning |
                |---|---|---|---|
                | `tasks` | required |  | Task names; task.&lt;name>.x |
                | `shard.max.examples` | `1000` | [1,...] | Closes a shard \\| counted |
                | `state.dir` | (unset) |  | Where state lives. |
                | `sasl.jaas.config` | `[hidden]` |  | Credentials. |
                """);
    }

    @Test
    void shouldLeaveOutTheSharedKeys() {
        assertThat(ConfigDocs.without(demo(), List.of("tasks", "sasl.jaas.config")).names())
                .containsExactlyInAnyOrder("shard.max.examples", "state.dir");
    }

    @Test
    void shouldReplaceOnlyTheTableBetweenItsMarkers() {
        assertThat(ConfigDocs.replaceTable(README, "demo", "| new |\n"))
                .isEqualTo(README.replace("| stale |", "| new |"));
        assertThatThrownBy(() -> ConfigDocs.replaceTable(README, "other", "| new |\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config:other:start");
    }

    @Test
    void shouldFailNamingTheRegenerateCommandWhenTheReadmeDriftsAndWriteTheTableWhenAsked() throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, README);
        // This test sets the property itself; the regenerate command sets it for the whole run.
        String asked = System.clearProperty(ConfigDocs.WRITE_PROPERTY);
        try {
            assertThatThrownBy(() -> ConfigDocs.check(readme, "demo", demo())).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("'demo'").hasMessageContaining(ConfigDocs.REGENERATE_COMMAND);

            System.setProperty(ConfigDocs.WRITE_PROPERTY, "true");
            ConfigDocs.check(readme, "demo", demo());
            System.clearProperty(ConfigDocs.WRITE_PROPERTY);

            assertThat(Files.readString(readme)).contains("| `shard.max.examples` |").doesNotContain("stale")
                    .endsWith("<!-- config:demo:end -->\nAfter.\n");
            ConfigDocs.check(readme, "demo", demo());
        } finally {
            if (asked != null) {
                System.setProperty(ConfigDocs.WRITE_PROPERTY, asked);
            }
        }
    }

    @Test
    void shouldDocumentTheKeysEveryServiceSharesInTheRootReadme() {
        ConfigDocs.check(Path.of("..", "README.md"), "shared", KafkaConnectionConfig.baseConfigDef());
    }
}
