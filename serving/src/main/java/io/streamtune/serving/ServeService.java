package io.streamtune.serving;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.config.RunningService;
import io.streamtune.common.kafka.BrokerProbe;
import io.streamtune.common.service.Closeables;
import io.streamtune.serving.champion.ChampionModels;
import io.streamtune.serving.champion.ChampionSettings;
import io.streamtune.serving.djl.DjlScorerFactory;
import io.streamtune.serving.http.InferenceServer;
import io.streamtune.serving.kafka.InferenceLoop;
import io.streamtune.serving.onnx.OnnxScorer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    /** The Kafka request to prediction loop, null unless {@code inference.enabled}. */
    private final InferenceLoop kafka;
    private final BrokerProbe probe;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServeService(Champions champions, PrometheusMeterRegistry registry, InferenceServer http,
            InferenceLoop kafka, BrokerProbe probe) {
        this.champions = champions;
        this.registry = registry;
        this.http = http;
        this.kafka = kafka;
        this.probe = probe;
    }

    /** Loads the champions named by {@code config} and serves them. */
    public static ServeService start(ServeConfig config) throws InterruptedException {
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
    public static ServeService start(ServeConfig config, Champions champions, PrometheusMeterRegistry registry)
            throws InterruptedException {
        Objects.requireNonNull(champions, "champions");
        InferenceServer http;
        try {
            http = InferenceServer.start(config.http(), champions, config.tasks(),
                    "streamtune-" + config.runtime().name().toLowerCase(Locale.ROOT), registry);
        } catch (RuntimeException e) {
            closeChampions(champions);
            throw e;
        }
        if (!config.inferenceEnabled()) {
            return new ServeService(champions, registry, http, null, null);
        }
        BrokerProbe probe = config.brokerProbe("serve");
        InferenceLoop kafka = null;
        try {
            kafka = InferenceLoop.create(config, champions, registry, probe::reachable);
            kafka.health().bindTo(registry);
            kafka.start();
            return new ServeService(champions, registry, http, kafka, probe);
        } catch (RuntimeException | InterruptedException e) {
            Closeables.closeQuietly("http server", http);
            if (kafka != null) {
                Closeables.closeQuietly("kafka inference", kafka);
            }
            Closeables.closeQuietly("broker probe", probe);
            closeChampions(champions);
            throw e;
        }
    }

    /**
     * The champions of {@code config}'s tasks, following the promotions topic, with their meters in {@code registry}:
     * the champion library's multi-task form.
     */
    static Champions openChampions(ServeConfig config, PrometheusMeterRegistry registry) {
        return ChampionModels.start(ChampionSettings.from(config).scorers(scorers(config)).meters(registry).build());
    }

    /** What loads a champion on the configured runtime. */
    static ScorerFactory scorers(ServeConfig config) {
        if (config.runtime() == ServeConfig.Runtime.ONNX) {
            // One session per champion, its intra-op pool as wide as the machine.
            int threads = java.lang.Runtime.getRuntime().availableProcessors();
            return (store, id) -> OnnxScorer.fromCheckpoint(store, id, threads);
        }
        return new DjlScorerFactory(config.device());
    }

    /** The port the HTTP server listens on. */
    public int httpPort() {
        return http.port();
    }

    /** The meters {@code /metrics} shows, for callers in the same process (tests, benchmarks). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Blocks until closed, or until the Kafka inference loop fails (fenced, not authorized): then closes. */
    @Override
    public boolean awaitTermination() throws InterruptedException {
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (kafka != null && kafka.failure() != null) {
                LOG.error("Kafka inference failed, stopping serve: {}", kafka.failure().getMessage());
                close();
                return true;
            }
        }
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
            // The loop's last transaction commits while its champions still answer.
            if (kafka != null) {
                Closeables.closeQuietly("kafka inference", kafka);
                Closeables.closeQuietly("broker probe", probe);
            }
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
