package io.streamtune.serving;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.config.RunningService;
import io.streamtune.common.service.Closeables;
import io.streamtune.serving.champion.ChampionModels;
import io.streamtune.serving.champion.ChampionSettings;
import io.streamtune.serving.http.InferenceServer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running {@code serve} process: the champions of the configured tasks (following {@code promotions}) and the
 * Open Inference Protocol server on them. Closing it stops in order: the server stops accepting and lets requests in
 * flight finish, then the models are closed.
 */
public final class ServeService implements RunningService {

    private static final Logger LOG = LoggerFactory.getLogger(ServeService.class);

    private final Champions champions;
    private final PrometheusMeterRegistry registry;
    private final InferenceServer http;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServeService(Champions champions, PrometheusMeterRegistry registry, InferenceServer http) {
        this.champions = champions;
        this.registry = registry;
        this.http = http;
    }

    /** Loads the champions named by {@code config} and serves them. */
    public static ServeService start(ServeConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            return start(config, openChampions(config, registry), registry);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /**
     * Serves {@code champions}, which the service then owns: closing the service closes them when they are
     * {@link AutoCloseable}.
     */
    public static ServeService start(ServeConfig config, Champions champions, PrometheusMeterRegistry registry) {
        Objects.requireNonNull(champions, "champions");
        InferenceServer http;
        try {
            http = InferenceServer.start(config.http(), champions, config.tasks(),
                    "streamtune-" + config.runtime().name().toLowerCase(Locale.ROOT), registry);
        } catch (RuntimeException e) {
            closeChampions(champions);
            throw e;
        }
        // KAFKA INFERENCE: the request -> prediction loop (h18-kafka) starts here on the same champions, and closes
        // in close() after the HTTP server and before the champions.
        return new ServeService(champions, registry, http);
    }

    /**
     * The champions of {@code config}'s tasks, following the promotions topic, with their meters in {@code registry}:
     * the champion library's multi-task form.
     */
    static Champions openChampions(ServeConfig config, PrometheusMeterRegistry registry) {
        return ChampionModels.start(ChampionSettings.from(config).meters(registry).build());
    }

    /** The port the HTTP server listens on. */
    public int httpPort() {
        return http.port();
    }

    /** The meters {@code /metrics} shows, for callers in the same process (tests, benchmarks). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public boolean awaitTermination() throws InterruptedException {
        stopped.await();
        return false;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            http.close();
        } finally {
            closeChampions(champions);
            registry.close();
            stopped.countDown();
            LOG.info("serve stopped");
        }
    }

    private static void closeChampions(Champions champions) {
        if (champions instanceof AutoCloseable closeable) {
            Closeables.closeQuietly("champions", closeable);
        }
    }
}
