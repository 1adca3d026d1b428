package io.streamtune.ingest;

import java.util.Set;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a stream task from going on after the transaction that held its uncommitted output was aborted under it.
 *
 * <p>Under exactly-once v2 all tasks of a stream thread write into one transaction. When Kafka Streams closes some
 * tasks dirty (a send of theirs failed) it aborts that transaction, and revives only those tasks: the others keep
 * running with their input position, stores and in-memory state as if their aborted output had been written, and
 * their next commit would commit input offsets whose output is gone (Kafka Streams 4.4, {@code
 * TaskManager.handleCorruption}; see docs/outage-gap-ingest.md). Each processor of this topology asks its guard
 * before it writes anything and before each commit; a guard that sees an abort on its thread since the task was
 * (re)initialised throws {@link TaskCorruptedException} for its own task, so that Kafka Streams closes it dirty,
 * wipes its state and processes its input again from the last commit.
 *
 * <p>Aborts are counted per stream thread ({@link AbortCountingClientSupplier}): a thread's producer aborts on that
 * thread, and a thread's tasks are processed on it.
 */
final class AbortedTransactionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AbortedTransactionGuard.class);
    private static final ThreadLocal<long[]> ABORTS = ThreadLocal.withInitial(() -> new long[1]);

    private final TaskId task;
    private final Runnable onRevive;
    private final long abortsAtStart;
    private boolean tripped;

    private AbortedTransactionGuard(TaskId task, Runnable onRevive) {
        this.task = task;
        this.onRevive = onRevive;
        this.abortsAtStart = abortsOnThisThread();
    }

    /** A guard for the task of {@code context}, started now: call from the processor's {@code init}. */
    static AbortedTransactionGuard start(ProcessorContext<?, ?> context, Runnable onRevive) {
        return new AbortedTransactionGuard(context.taskId(), onRevive);
    }

    /**
     * Throws {@link TaskCorruptedException} for this guard's task if a transaction was aborted on this thread since
     * the guard started.
     */
    void check() {
        if (abortsOnThisThread() != abortsAtStart) {
            if (tripped) {
                throw new TaskCorruptedException(Set.of(task));
            }
            tripped = true;
            LOG.warn("Task {}: the transaction holding its uncommitted output was aborted while the task kept running;"
                    + " closing it so that it processes its input again from the last commit", task);
            onRevive.run();
            throw new TaskCorruptedException(Set.of(task));
        }
    }

    /** Records an aborted transaction on the calling thread. */
    static void abortedOnThisThread() {
        ABORTS.get()[0]++;
    }

    private static long abortsOnThisThread() {
        return ABORTS.get()[0];
    }
}
