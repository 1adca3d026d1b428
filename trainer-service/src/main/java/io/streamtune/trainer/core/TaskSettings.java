package io.streamtune.trainer.core;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.train.FineTuneConfig;
import java.util.Objects;

/**
 * How one task is trained.
 *
 * @param task            task name: the key of its shards and checkpoint events
 * @param labels          label map, in the classifier's output order
 * @param baseModel       where a task without checkpoints starts
 * @param modelOptions    sequence length, dropout, device and seed of a new classifier
 * @param fineTune        optimizer and schedule; the schedule runs on the global step
 * @param replayCapacity  examples held in the reservoir; 0 disables replay
 * @param replayRatio     replayed examples mixed into a shard per new example
 * @param plateauPatience shards without improvement before a plateau is reported
 * @param plateauMinDelta smallest loss decrease that counts as an improvement
 * @param checkpointPolicy when the task checkpoints
 */
public record TaskSettings(String task, LabelMap labels, BaseModelSpec baseModel, ModelOptions modelOptions,
        FineTuneConfig fineTune, int replayCapacity, double replayRatio, int plateauPatience,
        double plateauMinDelta, CheckpointPolicy checkpointPolicy) {

    public TaskSettings {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(modelOptions, "modelOptions");
        Objects.requireNonNull(fineTune, "fineTune");
        Objects.requireNonNull(checkpointPolicy, "checkpointPolicy");
        if (replayCapacity < 0 || !(replayRatio >= 0) || plateauPatience < 1 || !(plateauMinDelta >= 0)) {
            throw new IllegalArgumentException("replay capacity and ratio must be >= 0, plateau patience >= 1");
        }
    }
}
