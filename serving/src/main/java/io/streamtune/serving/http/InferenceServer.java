package io.streamtune.serving.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.serving.Champions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Open Inference Protocol (KServe v2) over HTTP or HTTPS, on the JDK's server: {@code POST
 * /v2/models/{task}/infer}, {@code GET /v2/models/{task}[/ready]}, {@code GET /v2}, {@code GET /v2/health/live},
 * {@code GET /v2/health/ready} and {@code GET /metrics}, answered from {@link Champions}.
 *
 * <p>Bounded: {@link HttpSettings#threads()} requests at a time, {@link HttpSettings#maxQueued()} waiting (beyond,
 * a new request's connection is closed and counted), bodies up to {@link HttpSettings#maxRequestBytes()}. Closing
 * stops accepting, lets requests in flight finish within the grace period, then stops the threads.
 */
public final class InferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final HttpSettings settings;
    private final InFlight inFlight;

    private InferenceServer(HttpServer server, ThreadPoolExecutor executor, HttpSettings settings,
            InFlight inFlight) {
        this.inFlight = inFlight;
        this.server = server;
        this.executor = executor;
        this.settings = settings;
    }

    /**
     * Starts serving {@code champions}.
     *
     * @param configuredTasks the tasks the server must serve (readiness waits for each); empty: whatever has one
     * @param platform        what the model metadata names as the runtime, e.g. {@code streamtune-djl}
     * @param registry        the meters {@code /metrics} shows; the server adds its own
     */
    /** The JDK HTTP server's switch for TCP_NODELAY on accepted connections. */
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    public static InferenceServer start(HttpSettings settings, Champions champions, List<String> configuredTasks,
            String platform, PrometheusMeterRegistry registry) {
        Objects.requireNonNull(champions, "champions");
        disableNagle();
        HttpMetrics metrics = new HttpMetrics(registry);
        ObjectMapper mapper = new ObjectMapper();
        InFlight inFlight = new InFlight();
        V2Handler handler = new V2Handler(champions, configuredTasks,
                new ModelEndpoints(champions, configuredTasks, platform, settings, mapper, metrics),
                new InferenceJson(mapper), settings, metrics, registry::scrape, inFlight);
        ThreadPoolExecutor executor = executor(settings, metrics);
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
            if (settings.tls().isPresent()) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(ServerTls.configurator(settings.tls().get()));
                server = https;
            } else {
                server = HttpServer.create(address, 0);
            }
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot listen on " + settings.host() + ":" + settings.port(), e);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        InferenceServer started = new InferenceServer(server, executor, settings, inFlight);
        LOG.info("Serving the Open Inference Protocol on {}://{}:{}/v2 ({}, {} threads)",
                settings.tls().isPresent() ? "https" : "http", settings.host(), started.port(),
                describeSecurity(settings), settings.threads());
        return started;
    }

    /** The port listened on (useful after asking for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops taking requests (one that still arrives is answered 503), waits up to the grace period for those in
     * flight to be answered, then closes the listener, the connections and the threads.
     */
    @Override
    public void close() {
        try {
            if (!inFlight.drain(settings.shutdownGrace())) {
                LOG.warn("Requests still in flight after {} ms; closing their connections",
                        settings.shutdownGrace().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdownNow();
        LOG.info("Inference server stopped");
    }

    private static ThreadPoolExecutor executor(HttpSettings settings, HttpMetrics metrics) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.maxQueued()), runnable -> {
                    Thread thread = new Thread(runnable, "serve-http-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, (runnable, pool) -> {
                    // The JDK server closes the connection of a request its executor refuses.
                    metrics.rejected();
                    throw new RejectedExecutionException("every serve thread is busy and the queue is full");
                });
    }

    private static String describeSecurity(HttpSettings settings) {
        String auth = settings.token().isPresent() ? "bearer token" : "no token";
        return settings.tls().map(tls -> tls.clientCertificatesRequired() ? "mutual TLS, " + auth : "TLS, " + auth)
                .orElse("plain HTTP, " + auth);
    }

    /**
     * The JDK server writes an answer's headers and body separately; with Nagle's algorithm on, the body then waits for
     * the client's delayed acknowledgement (about 40 ms here) and a one-text request costs five times its scoring. The
     * server reads this switch once, when its first instance is made: set before then, and unless the user set it.
     */
    private static void disableNagle() {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }
}
