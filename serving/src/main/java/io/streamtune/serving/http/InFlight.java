package io.streamtune.serving.http;

import java.time.Duration;

/**
 * The requests being answered, for a graceful stop: once draining starts no request enters, and the stop waits for
 * those inside. (The JDK 17 server's own {@code stop(delay)} always waits the whole delay, busy or not.)
 */
final class InFlight {

    private final Object lock = new Object();
    private int inside;
    private boolean draining;

    /** Lets a request in; {@code false} once draining started. Every {@code true} is paired with {@link #leave}. */
    boolean enter() {
        synchronized (lock) {
            if (draining) {
                return false;
            }
            inside++;
            return true;
        }
    }

    void leave() {
        synchronized (lock) {
            inside--;
            if (inside == 0) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Lets no more requests in and waits up to {@code grace} for those inside to leave.
     *
     * @return whether every request left in time
     */
    boolean drain(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            draining = true;
            while (inside > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
