package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.launcher.StreamtuneCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three service commands take the same options and answer with the same exit codes, without exiting the JVM. */
class ServiceCommandsTest {

    /** The least each service needs to parse its config; the registry is never reached. */
    private static final Map<String, String> MINIMAL = Map.of(
            "ingest", "tasks=spam\ntask.spam.labels=ham,spam\n",
            "trainer", "tasks=spam\ntask.spam.labels=ham,spam\nbase.model=tiny\n",
            "evaluator", "checkpoint.dir=checkpoints\n");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "trainer", "evaluator"})
    void shouldOfferTheSameOptionsOnEveryServiceCommand(String service) {
        Run run = StreamtuneCommandTest.run(service, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("-c, --config=FILE", "-b, --bootstrap-servers=HOST:PORT[,...]",
                "-r, --registry-url=URL", "--registry=URL", "Deprecated: use --registry-url", "[CONFIG]",
                "Deprecated: use --config CONFIG", "STREAMTUNE_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "trainer", "evaluator"})
    void shouldRefuseAMissingConfigFileWithExitTwo(String service) {
        Run run = StreamtuneCommandTest.run(service, "--config", "/nonexistent/" + service + ".properties");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("streamtune " + service + ": no config file",
                "/nonexistent/" + service + ".properties");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "trainer", "evaluator"})
    void shouldRefuseAnInvalidSettingWithExitTwoNamingTheKey(String service) throws Exception {
        Run run = runWithOptions(service, write(service, "metrics.port=ninety\n"), "127.0.0.1:9092");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("streamtune " + service + ":", "metrics.port", "ninety");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "trainer", "evaluator"})
    void shouldReturnOneWhenTheServiceCannotStart(String service) throws Exception {
        // A bootstrap address without a port parses, but no Kafka client can be created from it.
        Run run = runWithOptions(service, write(service, "metrics.port=-1\n"), "127.0.0.1");

        assertThat(run.exitCode()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "trainer", "evaluator"})
    void shouldStillTakeTheConfigFileAsAnArgumentWithADeprecationWarning(String service) throws Exception {
        Path config = write(service, "metrics.port=ninety\n");

        Run run = StreamtuneCommandTest.run(service, config.toString(), "--registry",
                "http://127.0.0.1:1/apis/ccompat/v7");

        assertThat(run.exitCode()).as("the file was read: its bad port is refused").isEqualTo(2);
        assertThat(run.err()).contains("the CONFIG argument is deprecated; use --config " + config,
                "--registry is deprecated; use --registry-url", "metrics.port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "trainer", "evaluator"})
    void shouldRefuseTheConfigFileGivenTwice(String service) throws Exception {
        Path config = write(service, "");

        Run run = StreamtuneCommandTest.run(service, "--config", config.toString(), config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("give the settings file once");
    }

    private static Run runWithOptions(String service, Path config, String bootstrapServers) {
        return StreamtuneCommandTest.run(service, "--config", config.toString(), "--bootstrap-servers",
                bootstrapServers, "--registry-url", "http://127.0.0.1:1/apis/ccompat/v7");
    }

    private Path write(String service, String extra) throws Exception {
        return Files.writeString(dir.resolve(service + ".properties"), MINIMAL.get(service) + extra);
    }
}
