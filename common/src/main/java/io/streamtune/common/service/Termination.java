package io.streamtune.common.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a service's work ends: a stop asked for once (by {@code close()} or a shutdown hook), the first failure, and
 * the moment the work has really ended, which {@code awaitTermination()} waits for.
 */
public final class Termination {

    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile Throwable failure;

    /**
     * Asks the work to stop.
     *
     * @return {@code true} the first time only, so that a close that runs twice stops things once
     */
    public boolean requestStop() {
        return stopRequested.compareAndSet(false, true);
    }

    /** Whether a stop was asked for; loops and retries check it to give up waiting. */
    public boolean stopRequested() {
        return stopRequested.get();
    }

    /** Records why the work stopped; the first failure wins. */
    public void fail(Throwable error) {
        if (failure == null) {
            failure = error;
        }
    }

    /** The failure that stopped the work, or {@code null}. */
    public Throwable failure() {
        return failure;
    }

    /** Marks the work as ended, releasing every {@link #await} caller. */
    public void ended() {
        ended.countDown();
    }

    /** Whether the work has ended. */
    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /**
     * Blocks until the work has ended.
     *
     * @return {@code true} when it ended because it failed
     */
    public boolean await() throws InterruptedException {
        ended.await();
        return failure != null;
    }

    /**
     * Blocks until the work has ended or {@code timeout} passed.
     *
     * @return whether it ended in time
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
