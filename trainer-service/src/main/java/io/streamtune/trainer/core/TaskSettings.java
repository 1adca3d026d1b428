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

    /**
     * Whether {@code other} describes the same task: same name, labels and base model (what is fixed for a task's
     * life); the training settings may differ.
     */
    public boolean sameTask(TaskSettings other) {
        return task.equals(other.task) && labels.labels().equals(other.labels.labels())
                && baseModel.id().equals(other.baseModel.id());
    }

    /** Equal when the same task trains with the same settings (the base model compared by its id). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TaskSettings other && sameTask(other) && modelOptions.equals(other.modelOptions)
                && fineTune.equals(other.fineTune) && replayCapacity == other.replayCapacity
                && Double.compare(replayRatio, other.replayRatio) == 0 && plateauPatience == other.plateauPatience
                && Double.compare(plateauMinDelta, other.plateauMinDelta) == 0
                && checkpointPolicy.equals(other.checkpointPolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, labels.labels(), baseModel.id(), modelOptions, fineTune, replayCapacity,
                replayRatio, checkpointPolicy);
    }
}
