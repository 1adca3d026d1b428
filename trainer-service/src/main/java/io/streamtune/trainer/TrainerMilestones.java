package io.streamtune.trainer;

import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.trainer.core.ShardResult;

/**
 * Hears what the trainer does, on its polling thread, in order. Each method marks a point a crash may interrupt:
 * after a shard trained (in memory only), after a checkpoint's files were written (not yet announced), after the
 * transaction committed. The crash tests stop the process at exactly these points.
 */
public interface TrainerMilestones {

    /** No-op listener. */
    TrainerMilestones NONE = new TrainerMilestones() {
    };

    default void onShardTrained(String task, ShardResult result) {
    }

    default void onCheckpointWritten(CheckpointEvent event) {
    }

    default void onCheckpointCommitted(CheckpointEvent event) {
    }
}
