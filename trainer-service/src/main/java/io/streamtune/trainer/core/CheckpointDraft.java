package io.streamtune.trainer.core;

import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.CheckpointSnapshot;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.schemas.CheckpointEvent;
import java.io.IOException;

/**
 * A checkpoint taken but not yet written: the session's {@link CheckpointSnapshot} (parameters, moments, replay
 * buffer as they were at a step boundary) and its event, whose content hash only the write gives. Taken on the
 * training thread by {@link TaskSession#snapshotCheckpoint}; {@link #write} may run on another thread while
 * training goes on. Until it is written or {@link #close closed} it holds native memory the size of the tensors.
 */
public final class CheckpointDraft implements AutoCloseable {

    private final CheckpointSnapshot snapshot;
    private final CheckpointEvent.Builder event;
    private final int shards;

    CheckpointDraft(CheckpointSnapshot snapshot, CheckpointEvent.Builder event) {
        this.snapshot = snapshot;
        this.event = event;
        this.shards = event.getShards().size();
    }

    /** The checkpoint's id (and location in the store). */
    public String id() {
        return event.getCheckpointId();
    }

    /** How many of the session's pending shards, the oldest first, the checkpoint covers. */
    public int shards() {
        return shards;
    }

    /** Native memory the snapshot holds until it is written. */
    public long tensorBytes() {
        return snapshot.tensorBytes();
    }

    /**
     * Writes the files (durable and published at once when this returns) and gives the event that announces them;
     * frees the snapshot either way. A failed write leaves nothing visible.
     */
    public CheckpointEvent write(CheckpointStore store) throws IOException {
        try (snapshot) {
            CheckpointMetadata metadata = snapshot.writeTo(store, event.getLocation());
            return event.setContentHash(metadata.contentHash()).build();
        }
    }

    @Override
    public void close() {
        snapshot.close();
    }
}
