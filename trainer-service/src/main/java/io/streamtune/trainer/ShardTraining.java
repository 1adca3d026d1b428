package io.streamtune.trainer;

import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.core.ShardResult;
import io.streamtune.trainer.core.TaskSession;
import io.streamtune.trainer.core.TaskSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of one shard record: dead-lettered by the {@link ShardIntake}, skipped (its task is paused, or the
 * task's checkpoint already covers it), or trained into its task's model, after which the task is checkpointed if
 * one is due. Every path marks the record handled, so that its offset may be committed.
 */
final class ShardTraining {

    private static final Logger LOG = LoggerFactory.getLogger(ShardTraining.class);

    private final ShardIntake intake;
    private final LiveTasks tasks;
    private final TaskOwnership ownership;
    private final CheckpointCommitter committer;
    private final TrainerMetrics metrics;
    private final TrainerMilestones listener;
    private final Clock clock;

    ShardTraining(ShardIntake intake, LiveTasks tasks, TaskOwnership ownership, CheckpointCommitter committer,
            TrainerMetrics metrics, TrainerMilestones listener, Clock clock) {
        this.intake = intake;
        this.tasks = tasks;
        this.ownership = ownership;
        this.committer = committer;
        this.metrics = metrics;
        this.listener = listener;
        this.clock = clock;
    }

    void handle(ConsumerRecord<String, byte[]> record) throws IOException {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Optional<TrainingShard> accepted = intake.accept(record);
        if (accepted.isEmpty()) {
            ownership.handled(partition, record.offset());
            return;
        }
        TrainingShard shard = accepted.get();
        Optional<TaskSettings> settings = tasks.activeSettings(shard.getTask());
        if (settings.isEmpty()) {
            // Paused (or deleted in the moment since the intake checked): not trained, and not kept for later.
            LOG.debug("Skipping shard {} at {}@{}: task {} is paused", shard.getShardId(), partition,
                    record.offset(), shard.getTask());
            metrics.shardSkipped(shard.getTask(), TrainerMetrics.SKIPPED_PAUSED);
            ownership.handled(partition, record.offset());
            return;
        }
        OwnedTask task = ownership.ownedOrTakeOver(settings.get(), partition);
        TaskSession session = task.session();
        if (session.covers(record.topic(), record.partition(), record.offset())) {
            LOG.info("Skipping shard {} at {}@{}: task {}'s checkpoint {} already covers it", shard.getShardId(),
                    partition, record.offset(), session.task(), session.parentCheckpointId());
            metrics.shardSkipped(session.task(), TrainerMetrics.SKIPPED_COVERED);
            ownership.handled(partition, record.offset());
            return;
        }
        OffsetRange at = OffsetRange.newBuilder().setTopic(record.topic()).setPartition(record.partition())
                .setFirstOffset(record.offset()).setLastOffset(record.offset()).build();
        ShardResult result = session.train(shard, at, clock.instant());
        metrics.shardTrained(session.task(), result);
        LOG.info("Task {} trained shard {} ({} new + {} replayed examples, {} steps, loss {}, {} ex/s, step {}{})",
                session.task(), result.shardId(), result.newExamples(), result.replayedExamples(),
                result.steps(), String.format("%.4f", result.meanLoss()),
                String.format("%.1f", result.examplesPerSecond()), result.globalStep(),
                result.plateau() ? ", loss on a plateau" : "");
        ownership.handled(partition, record.offset());
        listener.onShardTrained(session.task(), result);
        committer.checkpointIfDue(task);
    }
}
