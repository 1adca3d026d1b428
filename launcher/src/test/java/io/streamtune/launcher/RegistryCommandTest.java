package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures of {@code streamtune registry} end with one clear line and exit code 1. */
class RegistryCommandTest {

    @Test
    void shouldRefuseAPortThatIsAlreadyTaken(@TempDir Path dataDir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StreamtuneCommandTest.Run run = StreamtuneCommandTest.run("registry",
                    "--port", String.valueOf(taken.getLocalPort()), "--data-dir", dataDir.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("already in use", String.valueOf(taken.getLocalPort()))
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void shouldNameAMissingServerJar(@TempDir Path dataDir) {
        Path missing = dataDir.resolve("no-such-quarkus-run.jar");

        StreamtuneCommandTest.Run run = StreamtuneCommandTest.run("registry", "--server-jar", missing.toString(),
                "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(missing.toString(), "does not exist", "mvn -pl registry-server package");
    }
}
