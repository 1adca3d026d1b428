package io.streamtune.launcher.task;

import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.PromotionEvent;
import java.time.Instant;
import java.util.List;

/**
 * What the pipeline has done for one task, read from the topics: shards produced, validation examples, the last
 * checkpoint, the champion, and the lag of the trainer and evaluator groups on the partitions the task uses.
 *
 * @param shards             committed shards of the task on {@code shards}
 * @param lastShardAt        timestamp of the newest of them; null when none
 * @param validationExamples committed examples of the task on {@code examples.validation}
 * @param checkpoints        checkpoints announced for the task
 * @param lastCheckpoint     the newest of them; null when none
 * @param champion           the newest promotion of the task; null while the base model is the champion
 * @param lag                lag of the trainer and evaluator groups on the partitions holding the task's records
 */
public record TaskLiveState(long shards, Instant lastShardAt, long validationExamples, long checkpoints,
        CheckpointEvent lastCheckpoint, PromotionEvent champion, List<Lag> lag) {

    /**
     * A consumer group's lag on one partition that holds the task's records (other tasks may share it).
     *
     * @param group     consumer group
     * @param topic     topic
     * @param partition partition
     * @param lag       records (and transaction markers) not yet consumed
     */
    public record Lag(String group, String topic, int partition, long lag) {
    }
}
