package io.streamtune.ingest;

import io.streamtune.common.kafka.Causes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a stream thread whose tasks would go on after the transaction that held their uncommitted output was
 * aborted under them.
 *
 * <p>Under exactly-once v2 all tasks of a stream thread write into one transaction. When Kafka Streams closes some
 * tasks dirty (a send of theirs failed) it aborts that transaction and revives only those tasks: the others keep
 * running with their input position, stores and in-memory state as if their aborted output had been written, and
 * their next commit would commit input offsets whose output is gone (Kafka Streams 4.4, {@code
 * TaskManager.handleCorruption}; see docs/outage-gap-ingest.md). Each processor of this topology asks its task's
 * guard before it writes anything and before each commit; a guard that sees an abort on its thread since the task
 * was (re)initialised throws {@link OutputAbortedException}, and the service replaces the stream thread
 * ({@link IngestService}): all its tasks are closed dirty and start again from the last commit on a new consumer.
 * Reviving just the one task (a {@code TaskCorruptedException}) was tried and left revived tasks idle when a
 * second revive came during the rebalance that the first one triggered.
 *
 * <p>Aborts are counted per stream thread ({@link AbortCountingClientSupplier}): a thread's producer aborts on that
 * thread, and a thread's tasks are processed on it.
 */
final class AbortedTransactionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AbortedTransactionGuard.class);
    private static final ThreadLocal<long[]> ABORTS = ThreadLocal.withInitial(() -> new long[1]);

    private final TaskId task;
    private final Runnable onTrip;
    private final long abortsAtStart;
    private boolean tripped;

    private AbortedTransactionGuard(TaskId task, Runnable onTrip) {
        this.task = task;
        this.onTrip = onTrip;
        this.abortsAtStart = abortsOnThisThread();
    }

    /** A guard for the task of {@code context}, started now; {@code onTrip} runs the first time it trips. */
    static AbortedTransactionGuard start(ProcessorContext<?, ?> context, Runnable onTrip) {
        return new AbortedTransactionGuard(context.taskId(), onTrip);
    }

    /**
     * Throws {@link OutputAbortedException} if a transaction was aborted on this thread since the guard started.
     */
    void check() {
        if (abortsOnThisThread() != abortsAtStart) {
            if (!tripped) {
                tripped = true;
                LOG.warn("Task {}: the transaction holding its uncommitted output was aborted while the task kept "
                        + "running; restarting the stream thread so that its tasks process their input again from "
                        + "the last commit", task);
                onTrip.run();
            }
            throw new OutputAbortedException(task);
        }
    }

    /** Records an aborted transaction on the calling thread. */
    static void abortedOnThisThread() {
        ABORTS.get()[0]++;
    }

    /** Whether {@code error} or one of its causes is a tripped guard's. */
    static boolean causedBy(Throwable error) {
        return Causes.any(error, OutputAbortedException.class::isInstance);
    }

    private static long abortsOnThisThread() {
        return ABORTS.get()[0];
    }

    /** A task's uncommitted output was aborted while it kept running: its stream thread must start again. */
    static final class OutputAbortedException extends IllegalStateException {

        OutputAbortedException(TaskId task) {
            super("The transaction holding the uncommitted output of task " + task + " was aborted while the task "
                    + "kept running");
        }
    }
}
