package io.streamtune.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @Test
    void shouldStopGracefullyWithSigterm(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("sleeper.log");
        // The trap proves SIGTERM (not SIGKILL) arrived: only then is "terminated" written.
        ChildProcess child = ChildProcess.start("sleeper",
                List.of("bash", "-c",
                        "trap 'echo terminated; exit 0' TERM; echo started; while true; do sleep 0.1; done"),
                Map.of(), log);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(log) && Files.readString(log).contains("started"));

        boolean graceful = child.stop(Duration.ofSeconds(10));

        assertThat(graceful).isTrue();
        assertThat(child.isAlive()).isFalse();
        assertThat(Files.readString(log)).contains("terminated");
    }

    @Test
    void shouldRunTheChildInItsOwnSessionSoCtrlCReachesOnlyTheLauncher(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid (util-linux) is not installed");
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "30"), Map.of(), dir.resolve("s.log"));
        try {
            // Field 6 of /proc/PID/stat is the session id; the pid is the command's own (setsid execs it), once
            // setsid has run.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(sessionOf(child.pid())).isEqualTo(child.pid());
                assertThat(ProcessHandle.of(child.pid()).flatMap(h -> h.info().command()).orElseThrow())
                        .endsWith("sleep");
            });
            assertThat(sessionOf(child.pid())).isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
    }

    private static long sessionOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    @Test
    void shouldKillAProcessThatIgnoresSigterm(@TempDir Path dir) {
        Path log = dir.resolve("stubborn.log");
        ChildProcess child = ChildProcess.start("stubborn",
                List.of("bash", "-c", "trap '' TERM; echo ignoring; while true; do sleep 0.1; done"), Map.of(), log);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(log) && Files.readString(log).contains("ignoring"));

        boolean graceful = child.stop(Duration.ofMillis(500));

        assertThat(graceful).isFalse();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void shouldReportTheLogWhenAProcessDiesBeforeItIsReady(@TempDir Path dir) {
        ChildProcess child = ChildProcess.start("broken",
                List.of("bash", "-c", "echo 'config error: bootstrap.servers is empty'; exit 2"), Map.of(),
                dir.resolve("broken.log"));

        assertThatThrownBy(() -> Readiness.awaitPort(child, "127.0.0.1", 1, Duration.ofSeconds(20)))
                .hasMessageContaining("broken exited with code 2")
                .hasMessageContaining("config error: bootstrap.servers is empty");
    }

    @Test
    void shouldPassEnvironmentToTheChild(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("env.log");
        ChildProcess child = ChildProcess.start("env", List.of("bash", "-c", "echo \"servers=$STREAMTUNE_X\""),
                Map.of("STREAMTUNE_X", "127.0.0.1:9"), log);
        await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());

        assertThat(Files.readString(log)).contains("servers=127.0.0.1:9");
        assertThat(child.exitCode()).contains(0);
    }
}
