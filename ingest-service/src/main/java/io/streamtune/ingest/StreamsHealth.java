package io.streamtune.ingest;

import io.streamtune.common.metrics.ServiceHealth;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Feeds a {@link ServiceHealth} from Kafka Streams, once a second: a stream thread's {@code poll-total} growing is a
 * beat of the main loop (it polls also while the broker is down), {@code process-total} growing is progress, and the
 * main consumers' {@code records-lag-max} is the work waiting. The client's state says started, failed or stopping.
 */
final class StreamsHealth implements AutoCloseable {

    private final KafkaStreams streams;
    private final ServiceHealth health;
    private final ScheduledExecutorService executor;
    private double polls = -1;
    private double processed = -1;
    private boolean started;

    StreamsHealth(KafkaStreams streams, ServiceHealth health) {
        this.streams = streams;
        this.health = health;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-health");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /** Reads the metrics once (package-private so that a test can drive it). */
    synchronized void sample() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING && !started) {
            started = true;
            health.started();
        } else if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
            health.failed(new IllegalStateException("Kafka Streams is in state " + state));
            return;
        }
        Totals now = totals();
        if (now.polls() != polls) {
            health.beat();
        }
        if (now.processed() != processed && processed >= 0) {
            health.progressed();
        }
        polls = now.polls();
        processed = now.processed();
        health.backlog(now.lag());
    }

    /** Polls and processed records of every stream thread, and the main consumers' record lag. */
    private record Totals(double polls, double processed, long lag) {
    }

    private Totals totals() {
        double pollsNow = 0;
        double processedNow = 0;
        long lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (!(entry.getValue().metricValue() instanceof Number number) || Double.isNaN(number.doubleValue())) {
                continue;
            }
            if ("stream-thread-metrics".equals(name.group()) && "poll-total".equals(name.name())) {
                pollsNow += number.doubleValue();
            } else if ("stream-thread-metrics".equals(name.group()) && "process-total".equals(name.name())) {
                processedNow += number.doubleValue();
            } else if (isMainConsumerLag(name)) {
                lag += Math.max(0, (long) number.doubleValue());
            }
        }
        return new Totals(pollsNow, processedNow, lag);
    }

    /** The record lag of a stream thread's main consumer, over all its partitions (not a restore consumer's). */
    private static boolean isMainConsumerLag(MetricName name) {
        String clientId = name.tags().getOrDefault("client-id", "");
        return "consumer-fetch-manager-metrics".equals(name.group()) && "records-lag-max".equals(name.name())
                && !name.tags().containsKey("topic") && clientId.endsWith("-consumer")
                && !clientId.endsWith("restore-consumer");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
