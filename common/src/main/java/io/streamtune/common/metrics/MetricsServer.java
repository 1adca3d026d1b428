package io.streamtune.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint every service runs: {@code GET /metrics} answers the Prometheus text format of a
 * {@link PrometheusMeterRegistry}; {@code GET /health/live} and {@code GET /health/ready} answer 200 when the service
 * is live (not wedged) or ready (connected and making progress) and 503 when not, with a one-line reason either way
 * (see {@link ServiceHealth}). {@code GET /health} is readiness, as before.
 *
 * <p>Port convention (for service configs): a positive port listens there, {@code 0} picks a free port (tests),
 * {@link #DISABLED} means no server at all.
 */
public final class MetricsServer implements AutoCloseable {

    /** Port value that turns the endpoint off. */
    public static final int DISABLED = -1;
    /** Liveness: 200 unless the service is wedged or failed. */
    public static final String LIVE_PATH = "/health/live";
    /** Readiness: 200 while the service is connected and making progress; {@code /health} answers the same. */
    public static final String READY_PATH = "/health/ready";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    /** What {@code /health} reports. */
    public record Health(boolean up, String detail) {

        public Health {
            Objects.requireNonNull(detail, "detail");
        }

        public static Health up(String detail) {
            return new Health(true, detail);
        }

        public static Health down(String detail) {
            return new Health(false, detail);
        }
    }

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on all interfaces, with readiness and liveness from {@code health}, whose gauges it registers.
     *
     * @param port     port to listen on, {@code 0} for any free port
     * @param registry registry whose meters {@code /metrics} shows
     * @param health   the service's liveness and readiness
     */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry, ServiceHealth health) {
        Objects.requireNonNull(health, "health").bindTo(registry);
        return start(port, registry, health::ready, health::live);
    }

    /**
     * Starts serving on all interfaces; {@code /health/live} answers 200 for as long as the server runs.
     *
     * @param port     port to listen on, {@code 0} for any free port
     * @param registry registry whose meters {@code /metrics} shows
     * @param health   asked on every {@code /health} and {@code /health/ready} request; cheap and thread-safe
     */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry, Supplier<Health> health) {
        return start(port, registry, health, () -> Health.up("answering"));
    }

    /**
     * Starts serving on all interfaces.
     *
     * @param port     port to listen on, {@code 0} for any free port
     * @param registry registry whose meters {@code /metrics} shows
     * @param ready    asked on every {@code /health} and {@code /health/ready} request; cheap and thread-safe
     * @param live     asked on every {@code /health/live} request; cheap and thread-safe
     */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry, Supplier<Health> ready,
            Supplier<Health> live) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Metrics port must be 0..65535, got " + port);
        }
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(live, "live");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            // One thread: scrapes are rare and cheap, and the services' cores are for the stream.
            ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "metrics-http");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext("/metrics", exchange ->
                    respond(exchange, 200, PROMETHEUS_CONTENT_TYPE, registry.scrape()));
            server.createContext("/health", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/health") || path.equals("/health/") || path.equals(READY_PATH)) {
                    respondHealth(exchange, ready.get());
                } else if (path.equals(LIVE_PATH)) {
                    respondHealth(exchange, live.get());
                } else {
                    respond(exchange, 404, "text/plain; charset=utf-8", "unknown path " + path + "\n");
                }
            });
            server.start();
            MetricsServer started = new MetricsServer(server, executor);
            LOG.info("Metrics on http://localhost:{}/metrics, health on /health/live and /health/ready",
                    started.port());
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for metrics on port " + port, e);
        }
    }

    /** The port actually listened on (useful after asking for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void respondHealth(HttpExchange exchange, Health health) throws IOException {
        respond(exchange, health.up() ? 200 : 503, "text/plain; charset=utf-8",
                (health.up() ? "UP " : "DOWN ") + health.detail() + "\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Stops listening; requests in flight get up to a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
