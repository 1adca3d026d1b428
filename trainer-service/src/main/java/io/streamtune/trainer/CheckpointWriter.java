package io.streamtune.trainer;

import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.trainer.core.CheckpointDraft;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoint drafts on one background thread ({@code checkpoint-writer}) while the training thread goes on:
 * files, hashes, fsync and the store's atomic publish. It holds at most one draft: the trainer waits for it before
 * it takes the next ({@link CheckpointCommitter}). Everything but the write itself (the transaction, the session's
 * bookkeeping) stays on the training thread, which collects the outcome with {@link #poll} or {@link #await}.
 */
final class CheckpointWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

    /** A write handed over: its task, the offset its transaction commits, when it was taken. */
    record InFlight(OwnedTask task, CheckpointDraft draft, long offset, long startedNanos, long stallNanos,
            CompletableFuture<CheckpointEvent> written) {}

    private final CheckpointStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread writer = new Thread(runnable, "checkpoint-writer");
        writer.setDaemon(true);
        return writer;
    });
    private InFlight inFlight;

    CheckpointWriter(CheckpointStore store) {
        this.store = store;
    }

    /** Whether a write was handed over and not yet collected. */
    boolean busy() {
        return inFlight != null;
    }

    /** Starts writing {@code draft} of {@code task} in the background; one at a time. */
    void submit(OwnedTask task, CheckpointDraft draft, long offset, long startedNanos, long stallNanos) {
        if (inFlight != null) {
            throw new IllegalStateException("a checkpoint is still being written: " + inFlight.draft().id());
        }
        CompletableFuture<CheckpointEvent> written = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                written.complete(draft.write(store));
            } catch (IOException | RuntimeException | Error e) {
                written.completeExceptionally(e);
            }
        });
        inFlight = new InFlight(task, draft, offset, startedNanos, stallNanos, written);
    }

    /** The write in flight if it has finished (successfully or not), handed back once. */
    Optional<InFlight> poll() {
        if (inFlight == null || !inFlight.written().isDone()) {
            return Optional.empty();
        }
        return Optional.of(take());
    }

    /** Waits for the write in flight, if any, and hands it back. */
    Optional<InFlight> await() {
        if (inFlight == null) {
            return Optional.empty();
        }
        try {
            inFlight.written().join();
        } catch (RuntimeException e) {
            // The outcome is read by the caller from the future.
        }
        return Optional.of(take());
    }

    private InFlight take() {
        InFlight done = inFlight;
        inFlight = null;
        return done;
    }

    /** The event a finished write announces; throws what the write threw. */
    static CheckpointEvent outcome(InFlight done) throws IOException {
        try {
            return done.written().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while collecting checkpoint " + done.draft().id(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException("writing checkpoint " + done.draft().id() + " failed", e.getCause());
        }
    }

    /**
     * The task is being dropped with its uncheckpointed work (revoked, lost, released or the trainer stops): waits
     * for a write of it in flight and deletes what it wrote, which no event will announce.
     */
    void discard(OwnedTask task) {
        if (inFlight == null || inFlight.task() != task) {
            return;
        }
        InFlight done = await().orElseThrow();
        try {
            CheckpointEvent event = outcome(done);
            store.delete(event.getLocation());
            LOG.info("Discarded checkpoint {} of task {}: written while the task was dropped, never announced",
                    event.getCheckpointId(), task.task());
        } catch (IOException | RuntimeException e) {
            LOG.debug("Checkpoint {} of task {} was not written ({}); nothing to discard", done.draft().id(),
                    task.task(), e.toString());
        }
    }

    /** Waits for a write in flight (its files are left for the task's next owner to delete) and stops the thread. */
    @Override
    public void close() {
        await().ifPresent(done -> LOG.info("Checkpoint {} of task {} was written but not announced; its task's next "
                + "owner deletes it", done.draft().id(), done.task().task()));
        thread.shutdown();
    }
}
