package io.streamtune.serving.champion;

import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Scorer;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded champion, reference counted: each call {@link #acquire()}s it and {@link #release()}s it when done, and the
 * scorer is closed once it was {@link #retire() retired} and the last call returned. The count starts at one, the
 * reference of whoever installed it, which {@link #retire()} gives up; once it reaches zero nothing can acquire it
 * again, so no call ever runs on a closed model.
 */
final class ModelHandle {

    private static final Logger LOG = LoggerFactory.getLogger(ModelHandle.class);

    private final Scorer scorer;
    private final ChampionInfo info;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    ModelHandle(Scorer scorer, ChampionInfo info) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.info = Objects.requireNonNull(info, "info");
    }

    Scorer scorer() {
        return scorer;
    }

    ChampionInfo info() {
        return info;
    }

    /** Takes a reference for one call; false when the handle was retired and closed (read the current one again). */
    boolean acquire() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Gives back a call's reference; the last one of a retired handle closes the scorer. */
    void release() {
        int count = references.decrementAndGet();
        if (count == 0) {
            closeScorer();
        } else if (count < 0) {
            throw new IllegalStateException("model " + info.modelVersion() + " released more often than acquired");
        }
    }

    /** Gives up the installer's reference (once): the scorer closes as soon as no call holds it. */
    void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    /** Waits until the scorer was closed: the handle was retired and the last call on it returned. */
    void awaitClosed() throws InterruptedException {
        closed.await();
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void closeScorer() {
        try {
            scorer.close();
        } catch (RuntimeException e) {
            // The model is out of service either way; a failing close must not fail the call that released it.
            LOG.warn("Closing model {} of task {} failed", info.modelVersion(), info.task(), e);
        } finally {
            closed.countDown();
        }
    }
}
