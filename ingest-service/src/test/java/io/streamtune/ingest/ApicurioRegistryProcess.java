package io.streamtune.ingest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real schema registry (Apicurio, built by the {@code registry-server} module) as a child process on a free
 * port, for integration tests. Fails with the build command to run when the registry jar is missing.
 */
final class ApicurioRegistryProcess implements AutoCloseable {

    static final Path JAR = Path.of("..", "registry-server", "target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int port;

    private ApicurioRegistryProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ApicurioRegistryProcess start(Path logFile) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("No registry at " + JAR.toAbsolutePath()
                    + "; build it with: mvn -pl registry-server -am package -DskipTests");
        }
        int port = freePort();
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-jar", JAR.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            ApicurioRegistryProcess registry = new ApicurioRegistryProcess(process, port);
            HttpClient client = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Registry exited; see " + logFile);
                }
                return registry.answers(client);
            });
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the registry", e);
        }
    }

    /** Base URL of the Confluent-compatible API. */
    String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    private boolean answers(HttpClient client) {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
