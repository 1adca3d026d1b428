package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.launcher.demo.Pipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code up} leaves the pipeline running after the command returns; {@code down} stops every part of it. */
class UpDownCommandIT {

    @TempDir
    Path runDir;

    /** A failed assertion between up and down must not leave six JVMs running past the test. */
    @AfterEach
    void downIfStillUp() {
        if (Files.exists(runDir.resolve(Pipeline.PID_FILE))) {
            Streamtune.commandLine().execute("down", "--run-dir", runDir.toString());
        }
    }

    @Test
    void shouldKeepThePipelineUpUntilDownStopsEveryProcess() throws Exception {
        String up = run("up", "--run-dir", runDir.toString(), "--free-ports");
        assertThat(up).contains("Pipeline up.", "bootstrap.servers=127.0.0.1:");
        // The command has returned: what runs now outlives it, as after './streamtune up' in a shell.
        assertThat(RunningProcesses.withCommandLineContaining(runDir.toString())).hasSizeGreaterThanOrEqualTo(6);

        List<ProcessHandle> processes = Files.readAllLines(runDir.resolve(Pipeline.PID_FILE)).stream()
                .map(line -> ProcessHandle.of(Long.parseLong(line.split(" ")[1])).orElseThrow()).toList();
        assertThat(run(1, "up", "--run-dir", runDir.toString(), "--free-ports"))
                .as("a second up on the same folder").contains("already up");
        assertThat(processes).hasSize(6).allMatch(ProcessHandle::isAlive);
        Matcher ingestMetrics = Pattern.compile("ingest (http://127.0.0.1:\\d+)/metrics").matcher(up);
        assertThat(ingestMetrics.find()).as(up).isTrue();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ingestMetrics.group(1) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        // serve is up and live; it turns ready once a task has a champion, which a new pipeline has not.
        Matcher serve = Pattern.compile("(http://127.0.0.1:\\d+)/v2/models/<task>/infer").matcher(up);
        assertThat(serve.find()).as(up).isTrue();
        HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(serve.group(1) + "/v2/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);

        String down = run("down", "--run-dir", runDir.toString());
        assertThat(down).contains("serve: stopped", "evaluator: stopped", "trainer: stopped", "ingest: stopped",
                "registry: stopped", "broker: stopped");
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(RunningProcesses.withCommandLineContaining(runDir.toString())).isEmpty();
        assertThat(runDir.resolve(Pipeline.PID_FILE)).doesNotExist();
        assertThat(run("down", "--run-dir", runDir.toString())).contains("No pipeline is up");
    }

    private static String run(String... args) {
        return run(0, args);
    }

    private static String run(int expectedCode, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Streamtune.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args);
        assertThat(code).as("exit code of %s; output:%n%s", String.join(" ", args), out).isEqualTo(expectedCode);
        return out.toString();
    }
}
