package io.streamtune.trainer.core;

import java.util.List;

/**
 * What one retention pass does: checkpoints to delete (each with why) and kept checkpoints whose optimizer state
 * is no longer needed (only the checkpoint training resumes from needs it).
 */
public record RetentionPlan(List<Deletion> delete, List<String> dropOptimizerState) {

    public RetentionPlan {
        delete = List.copyOf(delete);
        dropOptimizerState = List.copyOf(dropOptimizerState);
    }

    /** A checkpoint to delete and the reason, for the log. */
    public record Deletion(String location, String reason) {
    }
}
