package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task commands' usage and exit codes, where no broker is needed to tell. */
class TaskCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldListEverySubcommandInItsHelp() {
        StreamtuneCommandTest.Run run = StreamtuneCommandTest.run("task", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("create", "list", "describe", "update", "pause", "resume", "delete",
                "Exit codes: 0 done, 2 bad usage or spec refused");
    }

    @Test
    void shouldRefuseASpecWithExitCodeTwoBeforeReachingTheBroker() throws IOException {
        StreamtuneCommandTest.Run run = StreamtuneCommandTest.run("task", "create", "tickets", "--base-model", "tiny",
                "--batch-size", "0", "--bootstrap-servers", "127.0.0.1:" + closedPort());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("streamtune task create: task 'tickets' refused",
                "  - labels: required (--labels a,b[,c...] or 'labels' in --from-file)");
    }

    @Test
    void shouldExitTwoOnAMissingName() {
        StreamtuneCommandTest.Run run = StreamtuneCommandTest.run("task", "pause");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'NAME'");
    }

    @Test
    void shouldExitOneWithOneLineWhenTheBrokerDoesNotAnswer() throws IOException {
        Path config = Files.writeString(dir.resolve("client.properties"), "default.api.timeout.ms=1500\n"
                + "request.timeout.ms=1500\n");

        StreamtuneCommandTest.Run run = StreamtuneCommandTest.run("task", "list", "--bootstrap-servers",
                "127.0.0.1:" + closedPort(), "--command-config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("streamtune task list: broker or registry failed: ").hasLineCount(1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
