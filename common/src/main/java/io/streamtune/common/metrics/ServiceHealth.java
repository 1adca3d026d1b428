package io.streamtune.common.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.common.metrics.MetricsServer.Health;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Liveness and readiness of one service, Kubernetes-style, from what its main loop reports.
 *
 * <ul>
 *   <li><b>Live</b>: the process is not wedged. Its loop {@link #beat() beat} within the live timeout, or it is
 *       waiting on the broker (a retry episode is in progress), and it has not failed. A restart would not help a
 *       service that is merely waiting for Kafka, so an outage never fails liveness.</li>
 *   <li><b>Ready</b>: live, started (the start-up replay is done), not stopping, the broker answered the last probe,
 *       no call is being retried, and not stalled: when work is waiting ({@link #backlog} &gt; 0) something was
 *       {@link #progressed() processed} within the stall timeout.</li>
 * </ul>
 *
 * {@link #bindTo} exports both as {@code streamtune_service_live{service}} and
 * {@code streamtune_service_ready{service}} (1 or 0). Every method is thread-safe and cheap.
 */
public final class ServiceHealth {

    private final String service;
    private final Duration liveTimeout;
    private final Duration stallTimeout;
    private final BooleanSupplier brokerReachable;
    private final BooleanSupplier waitingOnBroker;
    private final LongSupplier nanoTime;
    private volatile long lastBeat;
    private volatile long lastProgress;
    private volatile long backlogSince;
    private volatile long backlog;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile Throwable failure;

    /**
     * @param service         {@code ingest}, {@code trainer} or {@code evaluator}: the gauges' label
     * @param liveTimeout     longest time between two beats of a live loop
     * @param stallTimeout    longest time without progress while work waits
     * @param brokerReachable whether the broker answered recently (a {@code BrokerProbe})
     * @param waitingOnBroker whether a blocking call is being retried (a {@code BrokerRetry})
     */
    public ServiceHealth(String service, Duration liveTimeout, Duration stallTimeout, BooleanSupplier brokerReachable,
            BooleanSupplier waitingOnBroker) {
        this(service, liveTimeout, stallTimeout, brokerReachable, waitingOnBroker, System::nanoTime);
    }

    ServiceHealth(String service, Duration liveTimeout, Duration stallTimeout, BooleanSupplier brokerReachable,
            BooleanSupplier waitingOnBroker, LongSupplier nanoTime) {
        this.service = Objects.requireNonNull(service, "service");
        this.liveTimeout = liveTimeout;
        this.stallTimeout = stallTimeout;
        this.brokerReachable = brokerReachable;
        this.waitingOnBroker = waitingOnBroker;
        this.nanoTime = nanoTime;
        this.lastBeat = nanoTime.getAsLong();
        this.lastProgress = lastBeat;
    }

    /** The main loop went round once (polled, or finished a unit of work). */
    public void beat() {
        lastBeat = nanoTime.getAsLong();
    }

    /** A unit of work (a record, a shard, a checkpoint) was processed; also a beat. */
    public void progressed() {
        long now = nanoTime.getAsLong();
        lastProgress = now;
        lastBeat = now;
    }

    /** How much work waits (consumer lag, in records); 0 when caught up. */
    public void backlog(long waiting) {
        if (waiting > 0 && backlog <= 0) {
            backlogSince = nanoTime.getAsLong();
        }
        backlog = waiting;
    }

    /** The start-up work is done: from now on the service serves. */
    public void started() {
        beat();
        started = true;
    }

    /** The service was asked to stop: not ready any more. */
    public void stopping() {
        stopping = true;
    }

    /** The service failed and will not recover by itself: neither live nor ready. */
    public void failed(Throwable error) {
        failure = Objects.requireNonNull(error, "error");
    }

    /** What {@code /health/live} answers. */
    public Health live() {
        Throwable failed = failure;
        if (failed != null) {
            return Health.down("failed: " + failed);
        }
        if (waitingOnBroker.getAsBoolean()) {
            return Health.up("waiting for the broker");
        }
        long sinceBeat = nanoTime.getAsLong() - lastBeat;
        if (sinceBeat > liveTimeout.toNanos()) {
            return Health.down("main loop made no progress for " + seconds(sinceBeat) + " s (limit "
                    + liveTimeout.toSeconds() + " s)");
        }
        return Health.up("main loop went round " + seconds(sinceBeat) + " s ago");
    }

    /** What {@code /health/ready} (and {@code /health}) answers. */
    public Health ready() {
        Health live = live();
        if (!live.up()) {
            return live;
        }
        if (stopping) {
            return Health.down("stopping");
        }
        if (!started) {
            return Health.down("starting");
        }
        if (waitingOnBroker.getAsBoolean() || !brokerReachable.getAsBoolean()) {
            return Health.down("broker unreachable");
        }
        long waiting = backlog;
        long idle = nanoTime.getAsLong() - Math.max(lastProgress, backlogSince);
        if (waiting > 0 && idle > stallTimeout.toNanos()) {
            return Health.down(waiting + " record(s) waiting and nothing processed for " + seconds(idle) + " s");
        }
        return Health.up(waiting > 0 ? "working, " + waiting + " record(s) waiting" : "caught up");
    }

    /** Registers {@code streamtune.service.live} and {@code streamtune.service.ready} (1 or 0) for this service. */
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("streamtune.service.live", this, health -> health.live().up() ? 1 : 0)
                .description("1 while the service is live (not wedged), 0 when not").tag("service", service)
                .register(registry);
        Gauge.builder("streamtune.service.ready", this, health -> health.ready().up() ? 1 : 0)
                .description("1 while the service is ready (broker reachable, making progress), 0 when not")
                .tag("service", service).register(registry);
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }
}
