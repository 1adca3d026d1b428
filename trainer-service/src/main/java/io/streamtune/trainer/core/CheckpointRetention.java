package io.streamtune.trainer.core;

import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link RetentionPolicy} to the checkpoint store: deletes what the plan says (each deletion is one
 * atomic rename out of sight, see {@link CheckpointStore#delete}) and drops the optimizer state of older kept
 * checkpoints. The trainer, the store's only writer, runs it after each checkpoint commit of a task.
 */
public final class CheckpointRetention {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRetention.class);

    private final CheckpointStore store;
    private final RetentionPolicy policy;

    public CheckpointRetention(CheckpointStore store, RetentionPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    /** What a pass did. */
    public record Outcome(int deleted, int optimizerStatesDropped) {
    }

    /** Plans and applies retention for {@code task}'s checkpoints. */
    public Outcome apply(String task, ProtectedCheckpoints protection) throws IOException {
        RetentionPlan plan = policy.plan(task, store.list(), protection);
        int deleted = 0;
        for (RetentionPlan.Deletion deletion : plan.delete()) {
            store.delete(deletion.location());
            deleted++;
            LOG.info("Deleted checkpoint {} of task {}: {}", deletion.location(), task, deletion.reason());
        }
        int dropped = 0;
        for (String location : plan.dropOptimizerState()) {
            if (Checkpoints.dropOptimizerState(store, location)) {
                dropped++;
                LOG.info("Dropped the optimizer state of checkpoint {} of task {}: only {}, the newest, resumes "
                        + "training", location, task, protection.resumeFrom());
            }
        }
        return new Outcome(deleted, dropped);
    }
}
