package io.streamtune.trainer.kafka;

import java.util.Collection;
import java.util.Objects;

/**
 * Which offset of a shards partition a checkpoint transaction may commit when several tasks share the partition.
 *
 * <p>Committing a partition offset says "every shard before it is in some committed model". Task A checkpointing
 * must not commit past a shard of task B that B has trained but not yet checkpointed (B's pending shard would be
 * lost in a crash), so the offset is the smallest of: the oldest pending shard of any task on the partition, and
 * the offset after the last record handled. It only ever grows: a pending shard is always at or after the
 * previous value.
 *
 * <p>On restart the consumer therefore re-reads shards that some tasks have already checkpointed; each task skips
 * those its own checkpoint covers (see {@code TaskSession#covers}), so no shard is trained twice.
 */
public final class CommittedOffsets {

    private CommittedOffsets() {
    }

    /**
     * @param nextUnhandled      offset after the last record of the partition handled (trained, skipped or
     *                           dead-lettered)
     * @param firstPendingShards offset of each task's oldest shard not yet checkpointed (tasks with none left out),
     *                           and of the oldest record read but not yet handled
     */
    public static long safeToCommit(long nextUnhandled, Collection<Long> firstPendingShards) {
        long safe = nextUnhandled;
        for (Long pending : firstPendingShards) {
            safe = Math.min(safe, Objects.requireNonNull(pending));
        }
        return safe;
    }
}
