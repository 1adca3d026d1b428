package io.streamtune.trainer.core;

import io.streamtune.model.LabelMap;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a decoded shard can be trained on. A shard is refused whole: training on part of it would make
 * the lineage (which lists whole shards) lie.
 */
public final class ShardValidator {

    private final Function<String, LabelMap> labelsOf;

    /** @param labelsOf the labels of a task this trainer trains now; {@code null} for a task it does not know */
    public ShardValidator(Function<String, LabelMap> labelsOf) {
        this.labelsOf = labelsOf;
    }

    /** Empty when the shard is fine, else the first problem found. */
    public Optional<ShardRejection> check(String key, TrainingShard shard) {
        String task = shard.getTask();
        LabelMap labels = labelsOf.apply(task);
        if (labels == null) {
            return reject(ShardRejection.Code.UNKNOWN_TASK, "shard " + shard.getShardId() + " is for task '" + task
                    + "', which this trainer does not know: never created on the tasks topic, or deleted");
        }
        if (key != null && !key.equals(task)) {
            return reject(ShardRejection.Code.KEY_MISMATCH, "shard " + shard.getShardId() + " has key '" + key
                    + "' but task '" + task + "'");
        }
        if (shard.getExamples().isEmpty()) {
            return reject(ShardRejection.Code.EMPTY_SHARD, "shard " + shard.getShardId() + " has no examples");
        }
        for (ShardExample example : shard.getExamples()) {
            if (!labels.labels().contains(example.getLabel())) {
                return reject(ShardRejection.Code.UNKNOWN_LABEL, "shard " + shard.getShardId() + " example "
                        + example.getId() + " has label '" + example.getLabel() + "', task " + task + " has "
                        + labels.labels());
            }
            if (example.getText() == null || example.getText().isBlank()) {
                return reject(ShardRejection.Code.NO_TEXT, "shard " + shard.getShardId() + " example "
                        + example.getId() + " has no text");
            }
        }
        return Optional.empty();
    }

    private static Optional<ShardRejection> reject(ShardRejection.Code code, String explanation) {
        return Optional.of(new ShardRejection(code, explanation));
    }
}
