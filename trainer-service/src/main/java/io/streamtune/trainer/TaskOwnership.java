package io.streamtune.trainer;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.service.Closeables;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.trainer.core.TaskCheckpoints;
import io.streamtune.trainer.core.TaskSession;
import io.streamtune.trainer.core.TaskSettings;
import io.streamtune.trainer.kafka.CheckpointIndex;
import io.streamtune.trainer.kafka.FairShardQueue;
import io.streamtune.trainer.kafka.OwnedTasks;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tasks this trainer owns, kept in step with the consumer group: a task is taken over when its first shard
 * arrives on an owned partition (its previous owner fenced, its orphaned checkpoints deleted, its model resumed from
 * the newest committed checkpoint); the tasks of a revoked or lost partition are dropped with their uncheckpointed
 * work, which the new owner redoes from the committed offsets; after a failed commit a partition is rewound.
 * Used by the polling thread only (rebalance callbacks run inside its poll).
 */
final class TaskOwnership implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(TaskOwnership.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final TrainerConfig config;
    private final CheckpointStore store;
    private final CheckpointIndex index;
    private final CheckpointHousekeeping housekeeping;
    private final BrokerRetry retry;
    private final Consumer<String, byte[]> consumer;
    private final Serializer<CheckpointEvent> checkpointSerializer;
    private final Duration catchUpTimeout;
    private final CheckpointWriter writer;
    private final FairShardQueue queue;
    private final OwnedTasks<OwnedTask> owned = new OwnedTasks<>();

    TaskOwnership(TrainerConfig config, CheckpointStore store, CheckpointIndex index,
            CheckpointHousekeeping housekeeping, BrokerRetry retry, Consumer<String, byte[]> consumer,
            Serializer<CheckpointEvent> checkpointSerializer, FairShardQueue queue, Duration catchUpTimeout,
            CheckpointWriter writer) {
        this.config = config;
        this.writer = writer;
        this.queue = queue;
        this.store = store;
        this.index = index;
        this.housekeeping = housekeeping;
        this.retry = retry;
        this.consumer = consumer;
        this.checkpointSerializer = checkpointSerializer;
        this.catchUpTimeout = catchUpTimeout;
    }

    /** The owned task of that name, taken over now (trained with {@code settings}) when not owned yet. */
    OwnedTask ownedOrTakeOver(TaskSettings settings, TopicPartition partition) throws IOException {
        OwnedTask owner = owned.get(settings.task());
        return owner != null ? owner : takeOver(settings, partition);
    }

    /** The owned task of that name, or {@code null}. */
    OwnedTask owned(String task) {
        return owned.get(task);
    }

    /** A snapshot of the owned tasks. */
    List<OwnedTask> all() {
        return owned.all();
    }

    /** Whether {@code task} is still owned (a rewind during a loop over a snapshot may have dropped it). */
    boolean owns(OwnedTask task) {
        return owned.owns(task);
    }

    /** Marks the record at {@code offset} of {@code partition} handled: trained, skipped or dead-lettered. */
    void handled(TopicPartition partition, long offset) {
        owned.handled(partition, offset);
    }

    /** The partition offset a checkpoint of {@code task} may commit (see {@link OwnedTasks#safeToCommit}). */
    long safeToCommit(OwnedTask task) {
        return owned.safeToCommit(task, queue.oldestQueued(task.partition()));
    }

    /**
     * Takes over a task: fences its previous owner, reads the checkpoints topic to its end, deletes the task's
     * orphaned checkpoint files, and resumes from the newest committed checkpoint (or the base model). A checkpoint
     * with other labels or another base model belongs to an earlier task of that name (deleted, created again): the
     * task starts from its base model.
     */
    private OwnedTask takeOver(TaskSettings settings, TopicPartition partition) throws IOException {
        String taskName = settings.task();
        KafkaProducer<String, CheckpointEvent> producer = newTransactionalProducer(taskName);
        TaskSession session = null;
        try {
            retry.run("fencing the previous owner of task " + taskName, producer::initTransactions);
            retry.run("reading the checkpoints topic", () -> index.catchUp(catchUpTimeout));
            housekeeping.takeOver(taskName);
            for (String orphan : TaskCheckpoints.orphans(store, taskName, index.committedLocations(taskName))) {
                LOG.info("Deleting orphaned checkpoint {}: written but never announced (a crash or a fenced "
                        + "trainer before its transaction committed)", orphan);
                store.delete(orphan);
            }
            var latest = index.latest(taskName);
            if (latest.isPresent() && !TaskCheckpoints.descendsFrom(settings, store, latest.get())) {
                LOG.info("Task {}: checkpoint {} has other labels or another base model than the task now (it was "
                        + "deleted and created again); starting from the base model", taskName,
                        latest.get().getCheckpointId());
                latest = Optional.empty();
            }
            session = latest.isPresent() ? TaskSession.resume(settings, store, latest.get())
                    : TaskSession.fromBase(settings);
            LOG.info("Task {} taken over on {}: {} at global step {}, {} examples seen", taskName, partition,
                    latest.map(e -> "resumed from checkpoint " + e.getCheckpointId()).orElse("starting from base model "
                            + settings.baseModel().id()), session.globalStep(), session.examplesSeen());
            OwnedTask task = new OwnedTask(session, producer, partition);
            owned.add(task);
            return task;
        } catch (RuntimeException | IOException e) {
            if (session != null) {
                session.close();
            }
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    private KafkaProducer<String, CheckpointEvent> newTransactionalProducer(String task) {
        return new KafkaProducer<>(config.checkpointProducerConfigs(task), new StringSerializer(),
                checkpointSerializer);
    }

    /**
     * After a failed commit the models of the partition's tasks are ahead of the committed offsets: drop them all
     * and read the partition again from its committed offset, so nothing is lost and nothing counts twice.
     */
    void rewind(TopicPartition partition) {
        owned.on(List.of(partition)).forEach(this::drop);
        owned.forget(partition);
        queue.forget(List.of(partition));
        if (!consumer.assignment().contains(partition)) {
            return;
        }
        OffsetAndMetadata committed = retry.call("reading the committed offset of " + partition,
                () -> consumer.committed(Set.of(partition))).get(partition);
        if (committed == null) {
            consumer.seekToBeginning(List.of(partition));
        } else {
            consumer.seek(partition, committed.offset());
        }
    }

    /** Drops every owned task (the trainer stops). */
    void dropAll() {
        owned.all().forEach(this::drop);
    }

    private void drop(OwnedTask task) {
        if (!task.session().pendingShards().isEmpty()) {
            LOG.info("Dropping task {} with {} uncheckpointed shard(s); they will be trained again from the "
                    + "committed offsets", task.task(), task.session().pendingShards().size());
        }
        close(task);
    }

    /**
     * Stops training {@code task} (paused, deleted or changed): its producer and model are closed, its pending
     * shards, if any, discarded; they no longer hold back the partition's committed offset.
     */
    void release(OwnedTask task, String why) {
        LOG.info("Releasing task {} ({}){}", task.task(), why, task.session().pendingShards().isEmpty() ? ""
                : ", discarding " + task.session().pendingShards().size() + " uncheckpointed shard(s)");
        close(task);
    }

    private void close(OwnedTask task) {
        // A checkpoint of its still being written would be announced by no one: wait for it and delete it.
        writer.discard(task);
        owned.remove(task);
        Producer<String, CheckpointEvent> producer = task.producer();
        Closeables.closeQuietly("producer of task " + task.task(), () -> producer.close(CLOSE_TIMEOUT));
        Closeables.closeQuietly("model of task " + task.task(), task.session());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        release(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        release(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            LOG.info("Assigned shard partitions {}", partitions);
        }
    }

    private void release(Collection<TopicPartition> partitions) {
        owned.on(partitions).forEach(this::drop);
        partitions.forEach(owned::forget);
        queue.forget(partitions);
        if (!partitions.isEmpty()) {
            LOG.info("Released shard partitions {}", partitions);
        }
    }
}
