package io.streamtune.common.config;

/** A started service that a {@code main} runs until the process is told to stop or the service fails. */
public interface RunningService extends AutoCloseable {

    /**
     * Blocks until the service stops, by {@link #close()} or by failure.
     *
     * @return {@code true} when it stopped because it failed
     */
    boolean awaitTermination() throws InterruptedException;

    /** Stops the service; safe to call more than once and from a shutdown hook. */
    @Override
    void close();
}
