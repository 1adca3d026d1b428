package io.streamtune.ingest.internals;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.query.Position;

/**
 * Writes records of a store of this service to the store's changelog, in the task's transaction.
 *
 * <p>Kafka Streams offers no public way for a store of one's own to write its changelog; its own logging stores call
 * {@link InternalProcessorContext#logChange}, and so does this class, the one place that does.
 */
public final class ChangelogWriter {

    private final String storeName;
    private final InternalProcessorContext<?, ?> context;

    private ChangelogWriter(String storeName, InternalProcessorContext<?, ?> context) {
        this.storeName = storeName;
        this.context = context;
    }

    /** A writer for the store {@code storeName}, from the context Kafka Streams initialises the store with. */
    public static ChangelogWriter of(String storeName, StateStoreContext context) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal)) {
            throw new IllegalStateException("Store " + storeName + " needs Kafka Streams' own processor context to "
                    + "write its changelog, got " + context.getClass().getName());
        }
        return new ChangelogWriter(storeName, internal);
    }

    /** Sends {@code key}/{@code value} to the changelog, stamped with the task's current wall-clock time. */
    public void write(byte[] key, byte[] value) {
        context.logChange(storeName, Bytes.wrap(key), value, context.currentSystemTimeMs(), null,
                Position.emptyPosition());
    }
}
