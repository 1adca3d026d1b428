package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamtuneCommandTest {

    @Test
    void shouldListSubcommandsInHelp() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("broker", "registry", "ingest", "trainer", "smoke", "lag", "promotions",
                "rollback", "finetune", "Usage: streamtune");
    }

    @Test
    void shouldRequireTaskVersionAndReasonForARollback() {
        Run run = run("rollback", "--task", "spam");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required options", "--to", "--reason");
    }

    @Test
    void shouldDocumentTheTrainerConfigFile() {
        Run run = run("trainer", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("CONFIG", "checkpoint", "STREAMTUNE_");
    }

    @Test
    void shouldRefuseToStartTheTrainerWithoutItsConfigFile() {
        Run run = run("trainer", "/nonexistent/trainer.properties");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no config file", "/nonexistent/trainer.properties");
    }

    @Test
    void shouldDocumentRegistryOptions() {
        Run run = run("registry", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--port", "--data-dir", "--server-jar", "default: 8081", "BACKWARD");
    }

    @Test
    void shouldDocumentBrokerOptions() {
        Run run = run("broker", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--port", "--data-dir", "default: 9092");
    }

    @Test
    void shouldNameTheMissingLabelsOfAStaticIngestTask(@TempDir Path dir) throws IOException {
        // Ingest starts with no static task (tasks come from the tasks topic); a pinned one needs its labels.
        Path config = Files.writeString(dir.resolve("ingest.properties"), "tasks=spam\n");

        Run run = run("ingest", "--config", config.toString(), "--registry", "http://127.0.0.1:8081/apis/ccompat/v7");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("streamtune ingest:", "task.spam.labels");
    }

    @Test
    void shouldRejectAnUnknownSubcommandWithUsage() {
        Run run = run("frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument", "frobnicate");
    }

    @Test
    void shouldRejectAnUnknownSubcommandEvenWhenHelpIsAsked() {
        Run run = run("nosuch", "--help");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument", "nosuch");
        assertThat(run.out()).doesNotContain("Usage: streamtune");
    }

    @Test
    void shouldRejectANonNumericPort() {
        Run run = run("broker", "--port", "ninety");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--port", "ninety");
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Streamtune.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
