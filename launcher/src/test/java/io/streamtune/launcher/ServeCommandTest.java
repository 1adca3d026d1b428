package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.launcher.StreamtuneCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamtune serve}: the service options plus its own, and settings refused with exit 2 naming the key. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldShowHowToServeAPipelineStartedWithUp() {
        Run run = StreamtuneCommandTest.run("serve", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("-c, --config=FILE", "-b, --bootstrap-servers=HOST:PORT[,...]",
                "-r, --registry-url=URL", "--checkpoint-dir=DIR", "-t, --tasks=TASK[,...]", "--host=ADDRESS",
                "-p, --port=PORT", "./streamtune serve --bootstrap-servers 127.0.0.1:9092",
                "--checkpoint-dir .streamtune/pipeline/checkpoints", "/v2/models/spam/infer");
        assertThat(StreamtuneCommandTest.run("--help").out()).contains("serve");
    }

    @Test
    void shouldRefuseABadPortOptionWithExitTwoNamingTheKey() {
        Run run = StreamtuneCommandTest.run("serve", "--checkpoint-dir", dir.toString(), "--registry-url",
                "http://127.0.0.1:1/apis/ccompat/v7", "--port", "70000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("streamtune serve:", "http.port", "70000");
    }

    @Test
    void shouldRefuseMutualTlsWithoutAKeystoreWithExitTwo() throws Exception {
        Path config = Files.writeString(dir.resolve("serve.properties"), "http.tls.client.auth=required\n");

        Run run = StreamtuneCommandTest.run("serve", "--config", config.toString(), "--checkpoint-dir",
                dir.toString(), "--registry-url", "http://127.0.0.1:1/apis/ccompat/v7");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("http.tls.keystore.location", "mutual TLS needs the server's own keystore");
    }
}
