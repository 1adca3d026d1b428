package io.streamtune.serving.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.InferencePrediction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka inference path's meters. Counted when a transaction commits, so that they balance like the topics:
 * {@code requests = predictions + dead letters}. Also the end-to-end latency of answers, the aborted transactions,
 * the requests waiting in the assigned partitions (lag) and the partitions paused at a request that waits.
 */
final class InferenceMetrics {

    static final String REQUESTS = "streamtune.inference.requests";
    static final String PREDICTIONS = "streamtune.inference.predictions";
    static final String DEAD_LETTERS = "streamtune.inference.dead.letters";
    static final String LATENCY = "streamtune.inference.latency";
    static final String ABORTED = "streamtune.inference.transactions.aborted";
    static final String LAG = "streamtune.inference.lag";
    static final String WAITING_PARTITIONS = "streamtune.inference.waiting.partitions";

    private final MeterRegistry registry;
    private final Counter requests;
    private final Counter aborted;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicInteger waitingPartitions = new AtomicInteger();

    InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requests = Counter.builder(REQUESTS)
                .description("Inference requests answered or dead-lettered (committed)").register(registry);
        this.aborted = Counter.builder(ABORTED)
                .description("Inference transactions aborted; their requests are read again").register(registry);
        Gauge.builder(LAG, lag, AtomicLong::get)
                .description("Requests waiting in the partitions of inference.requests this instance owns")
                .register(registry);
        Gauge.builder(WAITING_PARTITIONS, waitingPartitions, AtomicInteger::get)
                .description("Partitions paused at a request that waits for its task's champion or the registry")
                .register(registry);
    }

    /** Counts what a committed transaction wrote. */
    void committed(BatchOutcome outcome) {
        requests.increment(outcome.predictions().size() + outcome.deadLetters().size());
        for (BatchOutcome.Keyed<InferencePrediction> answer : outcome.predictions()) {
            InferencePrediction prediction = answer.value();
            Counter.builder(PREDICTIONS).tag("task", prediction.getTask())
                    .description("Inference requests answered with a prediction").register(registry).increment();
            Timer.builder(LATENCY).tag("task", prediction.getTask()).publishPercentileHistogram()
                    .description("From the request (requestedAt or record time) to its prediction")
                    .register(registry).record(Duration.ofMillis(prediction.getLatencyMs()));
        }
        for (BatchOutcome.Keyed<DeadLetter> letter : outcome.deadLetters()) {
            Counter.builder(DEAD_LETTERS).tag("reason", letter.value().getReasonCode())
                    .description("Inference requests dead-lettered, by reason code").register(registry).increment();
        }
    }

    void aborted() {
        aborted.increment();
    }

    void lag(long waiting) {
        lag.set(waiting);
    }

    void waitingPartitions(int paused) {
        waitingPartitions.set(paused);
    }
}
