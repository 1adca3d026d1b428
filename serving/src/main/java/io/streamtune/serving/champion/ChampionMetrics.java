package io.streamtune.serving.champion;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamtune.serving.champion.LoadFailure.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The champion library's meters, in the caller's registry (Prometheus names in brackets):
 * {@code streamtune.serving.champion.info{task,version}} (1 for the version answering now),
 * {@code streamtune.serving.champion.swaps{task,kind}} ({@code _swaps_total}),
 * {@code streamtune.serving.champion.swap.latency{task}} (promotion record written to first answer possible, for
 * promotions that arrive while following), {@code streamtune.serving.champion.load.failures{task,reason}}
 * ({@code _load_failures_total}), {@code streamtune.serving.predictions{task}} (texts answered) and
 * {@code streamtune.serving.predict.latency{task}} (one call, with a histogram).
 */
final class ChampionMetrics {

    static final String PREFIX = "streamtune.serving.";

    private final MeterRegistry registry;
    private final Map<String, Gauge> versionGauges = new ConcurrentHashMap<>();

    ChampionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A new version answers for {@code task}. */
    synchronized void swapped(String task, String version, String kind, Duration latency) {
        Gauge old = versionGauges.remove(task);
        if (old != null) {
            registry.remove(old);
        }
        versionGauges.put(task, Gauge.builder(PREFIX + "champion.info", () -> 1)
                .description("1 for the model version answering for the task").tags("task", task, "version", version)
                .register(registry));
        Counter.builder(PREFIX + "champion.swaps").description("Champions swapped in, by promotion kind")
                .tags("task", task, "kind", kind).register(registry).increment();
        if (latency != null) {
            Timer.builder(PREFIX + "champion.swap.latency")
                    .description("From the promotion record's timestamp to the first answer the new model can give")
                    .tag("task", task).publishPercentileHistogram().register(registry).record(latency);
        }
    }

    void loadFailed(String task, Reason reason) {
        Counter.builder(PREFIX + "champion.load.failures")
                .description("Promotions not served (the previous champion kept answering), by reason")
                .tags("task", task, "reason", reason.name()).register(registry).increment();
    }

    void predicted(String task, int texts, long nanos) {
        Counter.builder(PREFIX + "predictions").description("Texts answered by the champion")
                .tag("task", task).register(registry).increment(texts);
        Timer.builder(PREFIX + "predict.latency").description("Time to answer one call (all its texts)")
                .tag("task", task).publishPercentileHistogram().register(registry)
                .record(Duration.ofNanos(nanos));
    }
}
