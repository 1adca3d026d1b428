package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ConnectionOptionsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"streamtune-operator\" password=\"s3cret-pw\";";

    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ConnectionOptions connection;
    }

    @Test
    void shouldPassTheCommandConfigsSecuritySettingsToKafkaAndItsRegistryKeysToTheRegistry() throws IOException {
        Path file = commandConfig("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=" + JAAS, "ssl.truststore.location=/etc/ca.p12", "ssl.truststore.password=tpw",
                "ssl.keystore.location=/etc/client.p12", "ssl.keystore.password=kpw",
                "basic.auth.credentials.source=USER_INFO", "basic.auth.user.info=ops:rpw",
                "schema.registry.url=https://registry.internal:8081");

        ConnectionOptions options = parse("--command-config", file.toString(), "-b", "kafka-0:9093");

        assertThat(options.kafka()).containsEntry("bootstrap.servers", "kafka-0:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.keystore.location", "/etc/client.p12")
                .doesNotContainKeys("basic.auth.user.info", "schema.registry.url");
        assertThat(options.registry()).containsEntry("schema.registry.url", "https://registry.internal:8081")
                .containsEntry("basic.auth.user.info", "ops:rpw").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void shouldTakeTheFlagsOverTheFileAndTheFileOverTheDefaults() throws IOException {
        Path file = commandConfig("bootstrap.servers=kafka-0:9093", "schema.registry.url=http://file:8081");

        assertThat(parse("--command-config", file.toString()).kafka())
                .containsEntry("bootstrap.servers", "kafka-0:9093");
        assertThat(parse("--command-config", file.toString(), "-r", "http://flag:8081").registry())
                .containsEntry("schema.registry.url", "http://flag:8081");
        assertThat(parse().kafka()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(parse().registry()).containsEntry("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");
    }

    @Test
    void shouldRefuseAnUnknownSecurityProtocolWithoutPrintingSecrets() throws IOException {
        Path file = commandConfig("security.protocol=SASL_TLS", "sasl.jaas.config=" + JAAS);

        assertThatThrownBy(() -> parse("--command-config", file.toString()).kafka())
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void shouldNameOnlyTheFileWhenItCannotBeRead() {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> parse("--command-config", missing.toString()).kafka())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void shouldOfferCommandConfigOnEveryCommandThatTalksToKafka() {
        for (String command : new String[] {"promotions", "rollback", "smoke", "lag"}) {
            StringWriter out = new StringWriter();
            CommandLine cli = Streamtune.commandLine();
            cli.setOut(new PrintWriter(out));
            assertThat(cli.execute(command, "--help")).isZero();
            assertThat(out.toString()).as(command).contains("--command-config", "--bootstrap-servers");
        }
    }

    private Path commandConfig(String... lines) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.write(file, java.util.List.of(lines));
        return file;
    }

    private static ConnectionOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.connection;
    }
}
