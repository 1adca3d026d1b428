package io.streamtune.serving.champion;

import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.champion.LoadFailure.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads promoted champions on a pool of loader threads, off the promotions consumer's thread. Each task loads one
 * promotion at a time, the newest waiting one (promotions that arrive during a load replace each other: only the
 * last is loaded next); different tasks load in parallel up to the pool's size. Before a task loads, the model it
 * replaced last must have closed, so a task never holds more than two models: the one answering and the one loading.
 */
final class ChampionLoads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChampionLoads.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final ChampionLoader loader;
    private final ChampionMetrics metrics;
    private final ExecutorService executor;
    private final Clock clock;

    ChampionLoads(ChampionLoader loader, ChampionMetrics metrics, int threads, Clock clock) {
        this.loader = loader;
        this.metrics = metrics;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "champion-loader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues {@code promotion} as {@code slot}'s next champion and makes sure a loader takes it up. */
    void offer(ChampionSlot slot, Promotion promotion) {
        slot.offer(promotion);
        schedule(slot);
    }

    /** A record of the slot's task that is no promotion: counted and shown, the champion stays. */
    void undecodable(ChampionSlot slot, String message) {
        LoadFailure failure = new LoadFailure("(unknown)", Reason.UNDECODABLE_PROMOTION, message, clock.instant());
        slot.failed(failure);
        metrics.loadFailed(slot.task(), failure.reason());
    }

    private void schedule(ChampionSlot slot) {
        if (slot.startLoading()) {
            executor.execute(() -> drain(slot));
        }
    }

    private void drain(ChampionSlot slot) {
        try {
            for (Promotion next = slot.takePending(); next != null; next = slot.takePending()) {
                load(slot, next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            slot.stopLoading();
        }
        // A promotion offered between the last take and stopLoading() found the slot busy: take it up now.
        if (slot.hasPending()) {
            schedule(slot);
        }
    }

    private void load(ChampionSlot slot, Promotion promotion) throws InterruptedException {
        String task = slot.task();
        String version = promotion.event().getModelVersion();
        Optional<ChampionInfo> serving = slot.champion();
        if (serving.isPresent() && serving.get().modelVersion().equals(version)
                && serving.get().contentHash().equals(promotion.event().getContentHash())) {
            LOG.info("Task {}: {} promotes {}, which answers already", task, promotion.event().getKind(), version);
            return;
        }
        slot.awaitRetiredClosed();
        long started = System.nanoTime();
        ChampionLoader.Result result = loader.load(promotion.event());
        if (result instanceof ChampionLoader.Result.Failed failed) {
            LoadFailure failure = failed.failure();
            slot.failed(failure);
            metrics.loadFailed(task, failure.reason());
            LOG.warn("Task {}: {} of {} cannot be served, {} keeps answering: {} ({})", task,
                    promotion.event().getKind(), version, serving.map(ChampionInfo::modelVersion).orElse("no model"),
                    failure.message(), failure.reason());
            return;
        }
        ModelHandle handle = ((ChampionLoader.Result.Loaded) result).handle();
        slot.install(handle);
        Duration latency = promotion.live()
                ? Duration.ofMillis(Math.max(0, clock.millis() - promotion.recordTimestamp())) : null;
        metrics.swapped(task, version, promotion.event().getKind(), latency);
        LOG.info("Task {}: {} now answers ({}, replacing {}; loaded in {} ms{})", task, version,
                promotion.event().getKind(), serving.map(ChampionInfo::modelVersion).orElse("no model"),
                (System.nanoTime() - started) / 1_000_000,
                latency == null ? "" : ", " + latency.toMillis() + " ms after the promotion was written");
    }

    /** Lets a load in progress finish (its model is then closed with the slot); queued ones are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("A champion load did not finish within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
