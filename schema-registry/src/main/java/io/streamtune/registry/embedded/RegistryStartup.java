package io.streamtune.registry.embedded;

import io.streamtune.registry.SchemaRegistryClient;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.registry.errors.SchemaRegistrySerdeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Ports and readiness of an {@link EmbeddedRegistry} process: what its start waits on and fails fast on. */
final class RegistryStartup {

    private RegistryStartup() {
    }

    /** Waits until the registry at {@code url} answers; fails when the process dies or {@code timeout} passes. */
    static void awaitReady(Process process, String url, Duration timeout, Path logFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SchemaRegistryConfig probe = new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL_CONFIG, url,
                SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0, SchemaRegistryConfig.CONNECT_TIMEOUT_MS_CONFIG, 1_000,
                SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        try (SchemaRegistryClient client = new SchemaRegistryClient(probe)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Schema registry exited with status " + process.exitValue()
                            + " during start-up; last lines of " + logFile + ":\n" + logTail(logFile));
                }
                try {
                    client.subjects();
                    return;
                } catch (SchemaRegistrySerdeException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Schema registry did not answer at " + url + " within "
                                + timeout + "; last lines of " + logFile + ":\n" + logTail(logFile), notYet);
                    }
                }
                pauseBeforeProbe();
            }
        }
    }

    private static void pauseBeforeProbe() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
        }
    }

    private static String logTail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    /** Fails fast on a taken port: the readiness probe would otherwise reach whatever server holds it. */
    static void requirePortFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + host + " is already in use (another registry?): "
                    + "stop it or choose another port", e);
        }
    }

    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }
}
