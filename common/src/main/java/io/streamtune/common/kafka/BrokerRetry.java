package io.streamtune.common.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rides out broker outages of any length: runs a blocking Kafka call again, with capped exponential backoff, for as
 * long as it fails with a transient error (a timeout, a lost connection, a coordinator or leader not available), and
 * fails at once on a fatal one (a fenced producer or instance, a refused login or ACL, an unsupported API).
 *
 * <p>Each retry episode logs one WARN when it starts and one INFO when the call succeeds again, not a line per try.
 * While an episode is in progress {@link #waitingOnBroker()} is true, which the health endpoints read: a service
 * that waits for its broker is alive, but not ready.
 */
public final class BrokerRetry {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRetry.class);

    /** A blocking call that may fail with a Kafka exception. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws Exception;
    }

    /** A blocking call without a result. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** How long to wait between tries. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final BooleanSupplier stop;
    private final Sleeper sleeper;
    private final AtomicInteger episodes = new AtomicInteger();

    /**
     * @param initialBackoff wait after the first failure; doubled after each further one
     * @param maxBackoff     the cap of the wait
     * @param stop           checked before each wait: true gives up with the last error (the service is closing)
     */
    public BrokerRetry(Duration initialBackoff, Duration maxBackoff, BooleanSupplier stop) {
        this(initialBackoff, maxBackoff, stop, duration -> Thread.sleep(duration.toMillis()));
    }

    BrokerRetry(Duration initialBackoff, Duration maxBackoff, BooleanSupplier stop, Sleeper sleeper) {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and at most its cap: " + initialBackoff
                    + ", cap " + maxBackoff);
        }
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.stop = Objects.requireNonNull(stop, "stop");
        this.sleeper = sleeper;
    }

    /** Whether a call is being retried right now (the broker did not answer its last try). */
    public boolean waitingOnBroker() {
        return episodes.get() > 0;
    }

    /** Runs {@code action} until it succeeds, a fatal error occurs or {@code stop} says so. */
    public void run(String what, Action action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Runs {@code call} until it returns, retrying transient failures with backoff.
     *
     * @param what names the call in the logs, e.g. {@code "reading offsets of examples.validation"}
     * @throws RuntimeException the fatal or non-Kafka failure, or the last transient one after {@code stop}
     */
    public <T> T call(String what, Call<T> call) {
        Duration backoff = initialBackoff;
        long started = 0;
        int tries = 0;
        try {
            while (true) {
                try {
                    T result = call.call();
                    if (tries > 0) {
                        LOG.info("{} succeeded again after {} tries and {} s: the broker is back", what, tries + 1,
                                (System.nanoTime() - started) / 1_000_000_000);
                    }
                    return result;
                } catch (Exception e) {
                    if (e instanceof InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new InterruptException(interrupted);
                    }
                    if (!isTransient(e) || stop.getAsBoolean()) {
                        throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                    }
                    if (tries == 0) {
                        started = System.nanoTime();
                        episodes.incrementAndGet();
                        LOG.warn("{} failed ({}); the broker may be unavailable, retrying with backoff up to {} "
                                + "until it answers", what, e.toString(), maxBackoff);
                    }
                    tries++;
                    sleep(backoff, e);
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            }
        } finally {
            if (tries > 0) {
                episodes.decrementAndGet();
            }
        }
    }

    private void sleep(Duration backoff, Exception cause) {
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            InterruptException stopped = new InterruptException(interrupted);
            stopped.addSuppressed(cause);
            throw stopped;
        }
    }

    /**
     * Whether {@code error} (or one of its causes) is a transient Kafka error that waiting for the broker cures, and
     * none of them a fatal one.
     */
    public static boolean isTransient(Throwable error) {
        return !Causes.any(error, cause -> fatalItself(cause) || cause instanceof WakeupException
                || cause instanceof InterruptException || cause instanceof InterruptedException)
                && Causes.any(error, RetriableException.class::isInstance);
    }

    /**
     * Whether {@code error} or one of its causes is fatal: another instance took over (fenced producer or static
     * member), the cluster refuses this client (authentication, authorization), or the producer's state is lost.
     */
    public static boolean isFatal(Throwable error) {
        return Causes.any(error, BrokerRetry::fatalItself);
    }

    private static boolean fatalItself(Throwable error) {
        return error instanceof ProducerFencedException || error instanceof FencedInstanceIdException
                || error instanceof AuthenticationException || error instanceof AuthorizationException
                || error instanceof UnsupportedVersionException || error instanceof OutOfOrderSequenceException;
    }
}
