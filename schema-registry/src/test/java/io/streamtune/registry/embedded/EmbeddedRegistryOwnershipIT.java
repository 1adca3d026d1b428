package io.streamtune.registry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry process does not outlive the process that started it, even when that one is killed. */
class EmbeddedRegistryOwnershipIT {

    @Test
    void shouldStopTheRegistryWhenItsOwnerIsKilled(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("registry.pid");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RegistryOwner.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("owner.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(pidFile) || !owner.isAlive());
            assertThat(pidFile).as("owner log: %s", Files.readString(dir.resolve("owner.log"))).exists();
            ProcessHandle registry = ProcessHandle.of(Long.parseLong(Files.readString(pidFile))).orElseThrow();
            assertThat(registry.isAlive()).isTrue();

            owner.destroyForcibly().waitFor();

            await().atMost(Duration.ofSeconds(30)).until(() -> !registry.isAlive());
        } finally {
            owner.destroyForcibly();
        }
    }
}
