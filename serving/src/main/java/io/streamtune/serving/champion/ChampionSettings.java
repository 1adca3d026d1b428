package io.streamtune.serving.champion;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.serving.ScorerFactory;
import io.streamtune.serving.ServeConfig;
import io.streamtune.serving.djl.DjlScorerFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How a {@link ChampionModels} (or {@link ChampionModel}) reaches its promotions and checkpoints. Built with
 * {@link #builder()}, or from a serve configuration with {@link #from(ServeConfig)}; only the Kafka connection, the
 * registry and the checkpoint store are required.
 *
 * @param kafka         Kafka client settings: {@code bootstrap.servers}, and the security settings of the cluster
 * @param registry      schema registry settings ({@code schema.registry.url}, ...)
 * @param store         the checkpoint store promotions point into
 * @param tasks         tasks to serve; empty: every task that has a promotion
 * @param scorers       loads a checkpoint (default: DJL on the CPU)
 * @param meters        where the metrics go (default: a registry of its own)
 * @param loaderThreads how many champions may load at once (each task loads one at a time)
 * @param backoff       first wait while the broker or registry does not answer, doubled up to {@code maxBackoff}
 * @param maxBackoff    the cap of that wait
 * @param probeInterval how often the broker is asked whether it answers (readiness detail)
 * @param clock         time of load and failure stamps
 */
public record ChampionSettings(Map<String, Object> kafka, Map<String, Object> registry, CheckpointStore store,
        List<String> tasks, ScorerFactory scorers, MeterRegistry meters, int loaderThreads, Duration backoff,
        Duration maxBackoff, Duration probeInterval, Clock clock) {

    public ChampionSettings {
        kafka = Map.copyOf(kafka);
        registry = Map.copyOf(registry);
        Objects.requireNonNull(store, "store");
        tasks = List.copyOf(tasks);
        Objects.requireNonNull(scorers, "scorers");
        Objects.requireNonNull(meters, "meters");
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("Kafka settings need bootstrap.servers");
        }
        if (loaderThreads < 1) {
            throw new IllegalArgumentException("loaderThreads must be at least 1, got " + loaderThreads);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings without their values' secrets: Kafka and registry settings are shown by key only. */
    @Override
    public String toString() {
        return "ChampionSettings[bootstrap.servers=" + kafka.get("bootstrap.servers") + ", kafka keys="
                + new TreeSet<>(kafka.keySet()) + ", registry keys=" + new TreeSet<>(registry.keySet())
                + ", store=" + store + ", tasks=" + tasks + ", loaderThreads=" + loaderThreads + "]";
    }

    /**
     * A builder set from a serve configuration: its Kafka connection, registry, checkpoint directory, tasks, device
     * and broker backoff. Its {@code runtime} is the caller's to honour: pass the matching {@link ScorerFactory}.
     */
    public static Builder from(ServeConfig config) {
        return builder().kafka(config.clientProperties())
                .registry(config.originals())
                .checkpointDir(config.checkpointDir())
                .tasks(config.tasks())
                .device(config.device())
                .backoff(Duration.ofMillis(config.getLong(KafkaConnectionConfig.RETRY_BACKOFF_MS_CONFIG)),
                        Duration.ofMillis(config.getLong(KafkaConnectionConfig.RETRY_BACKOFF_MAX_MS_CONFIG)))
                .probeInterval(Duration.ofMillis(
                        config.getLong(KafkaConnectionConfig.HEALTH_PROBE_INTERVAL_MS_CONFIG)));
    }

    /** Builds {@link ChampionSettings}; defaults as described on each setter. */
    public static final class Builder {
        private final Map<String, Object> kafka = new HashMap<>();
        private final Map<String, Object> registry = new HashMap<>();
        private CheckpointStore store;
        private List<String> tasks = List.of();
        private String device = "cpu";
        private ScorerFactory scorers;
        private MeterRegistry meters;
        private int loaderThreads = 1;
        private Duration backoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration probeInterval = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** {@code bootstrap.servers}, the one Kafka setting that has no default. */
        public Builder bootstrapServers(String servers) {
            kafka.put("bootstrap.servers", servers);
            return this;
        }

        /** Kafka client settings (bootstrap, SASL, TLS, timeouts), added to those given before. */
        public Builder kafka(Map<String, ?> settings) {
            kafka.putAll(settings);
            return this;
        }

        /** The registry's URL, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
        public Builder registryUrl(String url) {
            registry.put("schema.registry.url", url);
            return this;
        }

        /** Schema registry settings (URL, credentials, TLS), added to those given before. */
        public Builder registry(Map<String, ?> settings) {
            registry.putAll(settings);
            return this;
        }

        /** The trainer's {@code checkpoint.dir}, as a directory store. */
        public Builder checkpointDir(Path dir) {
            this.store = new DirectoryCheckpointStore(dir);
            return this;
        }

        public Builder checkpointStore(CheckpointStore checkpointStore) {
            this.store = checkpointStore;
            return this;
        }

        /** Tasks to serve (default: every task that has a promotion). */
        public Builder tasks(Collection<String> names) {
            this.tasks = List.copyOf(names);
            return this;
        }

        public Builder tasks(String... names) {
            return tasks(Arrays.asList(names));
        }

        /** Where the default DJL runtime scores: {@code cpu} (default), {@code auto}, {@code gpu}, {@code gpu:N}. */
        public Builder device(String name) {
            this.device = name;
            return this;
        }

        /** The runtime that loads checkpoints (default: DJL on {@link #device}). */
        public Builder scorers(ScorerFactory factory) {
            this.scorers = factory;
            return this;
        }

        /** Where the metrics go (default: a {@link SimpleMeterRegistry} of its own). */
        public Builder meters(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        /** How many tasks' champions may load at the same time (default 1: loads queue up, one after another). */
        public Builder loaderThreads(int threads) {
            this.loaderThreads = threads;
            return this;
        }

        /** Waits while the broker or registry is down (default 1 s, doubling up to 30 s). */
        public Builder backoff(Duration first, Duration max) {
            this.backoff = first;
            this.maxBackoff = max.compareTo(first) < 0 ? first : max;
            return this;
        }

        /** How often the broker is probed for the readiness detail (default 5 s). */
        public Builder probeInterval(Duration interval) {
            this.probeInterval = interval;
            return this;
        }

        public Builder clock(Clock time) {
            this.clock = time;
            return this;
        }

        public ChampionSettings build() {
            return new ChampionSettings(kafka, registry, store, tasks,
                    scorers != null ? scorers : new DjlScorerFactory(device),
                    meters != null ? meters : new SimpleMeterRegistry(), loaderThreads, backoff, maxBackoff,
                    probeInterval, clock);
        }
    }
}
