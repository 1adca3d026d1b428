package io.streamtune.trainer.core;

import java.time.Duration;
import java.time.Instant;

/**
 * When a task checkpoints: after {@code everyShards} shards, or {@code every} after the first shard that no
 * checkpoint covers yet, whichever comes first. Nothing is due while no shard is pending, so an idle task writes
 * nothing.
 */
public record CheckpointPolicy(int everyShards, Duration every) {

    public CheckpointPolicy {
        if (everyShards < 1 || every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("checkpoint every >= 1 shards and a positive interval");
        }
    }

    /**
     * @param pendingShards    shards trained since the last checkpoint
     * @param firstPendingAt   when the oldest of them was trained; ignored when none is pending
     */
    public boolean due(int pendingShards, Instant firstPendingAt, Instant now) {
        if (pendingShards == 0) {
            return false;
        }
        return pendingShards >= everyShards || !now.isBefore(firstPendingAt.plus(every));
    }
}
