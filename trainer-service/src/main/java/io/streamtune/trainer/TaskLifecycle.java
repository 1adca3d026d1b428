package io.streamtune.trainer;

import io.streamtune.schemas.TaskState;
import io.streamtune.tasks.TaskChange;
import java.io.IOException;
import java.util.Objects;

/**
 * Applies the task catalog's changes to the tasks this trainer trains, between two shards on the polling thread:
 * <ul>
 *   <li>deleted: the task is released at once, its uncheckpointed shards discarded (nobody will evaluate a
 *       deleted task); its later shards are dead-lettered as {@code UNKNOWN_TASK};</li>
 *   <li>paused: its pending shards are checkpointed, then it is released (model and producer closed);</li>
 *   <li>training settings changed: the same, so the next shard takes the task over again and resumes from that
 *       checkpoint with the new settings.</li>
 * </ul>
 * A task created (or resumed) is taken over on its first shard, as always.
 */
final class TaskLifecycle {

    private final LiveTasks tasks;
    private final TaskOwnership ownership;
    private final CheckpointCommitter committer;

    TaskLifecycle(LiveTasks tasks, TaskOwnership ownership, CheckpointCommitter committer) {
        this.tasks = tasks;
        this.ownership = ownership;
        this.committer = committer;
    }

    /** Applies every change heard since the last call, in order. */
    void apply() throws IOException {
        for (TaskChange change : tasks.drainChanges()) {
            OwnedTask owned = ownership.owned(change.task());
            if (owned == null) {
                continue;
            }
            if (change.deleted()) {
                ownership.release(owned, "deleted");
            } else if (change.current().getState() != TaskState.ACTIVE) {
                checkpointAndRelease(owned, "paused");
            } else if (change.created()
                    || !Objects.equals(change.previous().getTraining(), change.current().getTraining())) {
                checkpointAndRelease(owned, "training settings changed: the next shard resumes it with them");
            }
        }
    }

    private void checkpointAndRelease(OwnedTask owned, String why) throws IOException {
        if (committer.checkpointPending(owned)) {
            ownership.release(owned, why);
        }
    }
}
