package io.streamtune.launcher.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a started component to be usable, failing early, with its log, if it dies meanwhile. */
public final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /** Waits until {@code host:port} accepts connections. */
    public static void awaitPort(ChildProcess process, String host, int port, Duration timeout) {
        await(process, timeout, "port " + host + ":" + port, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits until {@code url} answers 2xx. */
    public static void awaitHttpOk(ChildProcess process, String url, Duration timeout) {
        await(process, timeout, url, () -> {
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                return response.statusCode() / 100 == 2;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** Waits until the process's log contains {@code marker} (a line it prints once it is ready). */
    public static void awaitLogLine(ChildProcess process, String marker, Duration timeout) {
        await(process, timeout, "'" + marker + "' in its log", () -> process.logContains(marker));
    }

    private static void await(ChildProcess process, Duration timeout, String what, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited with code "
                        + process.exitCode().orElse(-1) + " before " + what + " was ready. Last log lines ("
                        + process.logFile() + "):" + System.lineSeparator() + process.logTail(20));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(process.name() + " was not ready (" + what + ") within "
                        + timeout.toSeconds() + " s. Last log lines (" + process.logFile() + "):"
                        + System.lineSeparator() + process.logTail(20));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + process.name(), e);
            }
        }
    }
}
