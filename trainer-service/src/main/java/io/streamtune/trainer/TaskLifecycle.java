package io.streamtune.trainer;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import io.streamtune.trainer.core.TaskSettings;
import java.io.IOException;
import java.util.Optional;

/**
 * Brings the tasks this trainer trains in line with the task catalog whenever it heard a change, between two shards
 * on the polling thread. What counts is the catalog's spec now, compared with the settings the task was taken over
 * with (so a change heard after the take-over that already used it does nothing):
 * <ul>
 *   <li>gone (deleted), or another task under that name (other labels or base model): the task is released at
 *       once, its uncheckpointed shards discarded (a deleted task is not evaluated); later shards of a deleted
 *       task are dead-lettered as {@code UNKNOWN_TASK};</li>
 *   <li>paused: its pending shards are checkpointed, then it is released (model and producer closed);</li>
 *   <li>other training settings: the same, so the next shard takes the task over again and resumes from that
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

    /** Applies the catalog's specs to every owned task, when the catalog heard changes since the last call. */
    void apply() throws IOException {
        if (tasks.drainChanges().isEmpty()) {
            return;
        }
        for (OwnedTask owned : ownership.all()) {
            if (ownership.owns(owned)) {
                reconcile(owned);
            }
        }
    }

    private void reconcile(OwnedTask owned) throws IOException {
        Optional<TaskSpec> spec = tasks.spec(owned.task());
        TaskSettings trained = owned.session().settings();
        if (spec.isEmpty()) {
            ownership.release(owned, "deleted");
            return;
        }
        TaskSettings wanted = tasks.settingsOf(spec.get());
        if (!wanted.sameTask(trained)) {
            ownership.release(owned, "deleted and created again with other labels or another base model");
        } else if (spec.get().getState() != TaskState.ACTIVE) {
            checkpointAndRelease(owned, "paused");
        } else if (!wanted.equals(trained)) {
            checkpointAndRelease(owned, "training settings changed: the next shard resumes it with them");
        }
    }

    private void checkpointAndRelease(OwnedTask owned, String why) throws IOException {
        if (committer.checkpointPending(owned)) {
            ownership.release(owned, why);
        }
    }
}
