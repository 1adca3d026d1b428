package io.streamtune.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A service's metrics and health endpoint ({@code /metrics}, {@code /health[/live|/ready]}) as a test reads it. */
public final class MetricsEndpoint {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    private MetricsEndpoint(int port) {
        this.port = port;
    }

    /** The endpoint on {@code port} of this machine. */
    public static MetricsEndpoint at(int port) {
        return new MetricsEndpoint(port);
    }

    /** The answer to {@code GET path}, e.g. {@code /health/ready}. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Prometheus text of {@code /metrics}. */
    public String metrics() {
        return get("/metrics").body();
    }
}
