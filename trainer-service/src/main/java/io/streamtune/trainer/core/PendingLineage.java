package io.streamtune.trainer.core;

import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.ShardLineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's lineage since its last committed checkpoint: that checkpoint (the parent), the shards trained after it in
 * order, and how many of the oldest a checkpoint being written covers. A checkpoint takes the oldest shards at
 * {@link #startDraft}; once its event is committed they leave ({@link #committed}); if its write fails they wait for
 * the next one ({@link #abandoned}). Shards trained while a checkpoint is written stay pending after it.
 *
 * <p>Not thread-safe; owned by {@link TaskSession}.
 */
final class PendingLineage {

    private final String task;
    private final List<PendingShard> pending = new ArrayList<>();
    /** The oldest pending shards that a checkpoint being written covers. */
    private int inDraft;
    private String parentCheckpointId;

    PendingLineage(String task, String parentCheckpointId) {
        this.task = task;
        this.parentCheckpointId = parentCheckpointId;
    }

    /** The last committed checkpoint; {@code null} for the base model. */
    String parentCheckpointId() {
        return parentCheckpointId;
    }

    void trained(ShardLineage lineage, Instant trainedAt, double lossSum, long steps) {
        pending.add(new PendingShard(lineage, trainedAt, lossSum, steps));
    }

    /** Shards trained since the last committed checkpoint, in order (those of a checkpoint being written too). */
    List<ShardLineage> shards() {
        return pending.stream().map(PendingShard::lineage).toList();
    }

    /** Pending shards that no checkpoint, committed or being written, covers yet. */
    int uncovered() {
        return pending.size() - inDraft;
    }

    /** When the oldest shard no checkpoint covers yet was trained; {@code null} when there is none. */
    Instant firstUncoveredAt() {
        return uncovered() == 0 ? null : pending.get(inDraft).trainedAt();
    }

    /** Offset of the oldest pending shard in the shards topic; {@code null} when none is pending. */
    Long firstPendingOffset() {
        return pending.isEmpty() ? null : pending.get(0).lineage().getShardOffset().getFirstOffset();
    }

    /**
     * A checkpoint now covers every pending shard; returns their mean training loss per step ({@code NaN} for none).
     *
     * @throws IllegalStateException when no shard is pending, or a checkpoint is already being written
     */
    double startDraft() {
        if (inDraft > 0) {
            throw new IllegalStateException("task " + task + " already has a checkpoint being written");
        }
        if (pending.isEmpty()) {
            throw new IllegalStateException("nothing to checkpoint for task " + task);
        }
        double lossSum = pending.stream().mapToDouble(PendingShard::lossSum).sum();
        long steps = pending.stream().mapToLong(PendingShard::steps).sum();
        inDraft = pending.size();
        return steps == 0 ? Double.NaN : lossSum / steps;
    }

    /** The checkpoint's event was committed: it is the new parent, and the shards it covers are no longer pending. */
    void committed(CheckpointEvent event) {
        int covered = event.getShards().size();
        if (covered > pending.size() || !shards().subList(0, covered).equals(event.getShards())) {
            throw new IllegalStateException("checkpoint " + event.getCheckpointId() + " does not cover the oldest "
                    + "pending shards of task " + task);
        }
        parentCheckpointId = event.getCheckpointId();
        pending.subList(0, covered).clear();
        inDraft = 0;
    }

    /** The checkpoint being written was not published: its shards are again only pending. */
    void abandoned() {
        inDraft = 0;
    }

    /** A shard trained since the last committed checkpoint, with what its event's lineage and loss need. */
    private record PendingShard(ShardLineage lineage, Instant trainedAt, double lossSum, long steps) {}
}
