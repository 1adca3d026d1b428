package io.streamtune.trainer;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.kafka.TransactionErrors;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.trainer.core.CheckpointPolicy;
import io.streamtune.trainer.kafka.CheckpointIndex;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints owned tasks when their own {@link CheckpointPolicy} (from the task's settings) says so: writes the
 * checkpoint to the store first, then, in one transaction of the task's producer, announces its {@link
 * CheckpointEvent} and commits the shard offsets with the consumer's group metadata. Whatever a crash interrupts, the
 * committed state is "base + exactly the shards of committed events". A fatal producer error ({@link
 * TransactionErrors}) stops the trainer; after any other the checkpoint is discarded and the partition rewound to its
 * committed offset, to be trained again.
 */
final class CheckpointCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCommitter.class);

    private final CheckpointStore store;
    private final TaskOwnership ownership;
    private final Supplier<ConsumerGroupMetadata> groupMetadata;
    private final CheckpointIndex index;
    private final CheckpointHousekeeping housekeeping;
    private final BrokerRetry retry;
    private final TrainerMetrics metrics;
    private final TrainerMilestones listener;
    private final Clock clock;

    CheckpointCommitter(CheckpointStore store, TaskOwnership ownership,
            Supplier<ConsumerGroupMetadata> groupMetadata, CheckpointIndex index, CheckpointHousekeeping housekeeping,
            BrokerRetry retry, TrainerMetrics metrics, TrainerMilestones listener, Clock clock) {
        this.store = store;
        this.ownership = ownership;
        this.groupMetadata = groupMetadata;
        this.index = index;
        this.housekeeping = housekeeping;
        this.retry = retry;
        this.metrics = metrics;
        this.listener = listener;
        this.clock = clock;
    }

    /** Checkpoints {@code task} when its pending shards or their age make one due (its own policy). */
    void checkpointIfDue(OwnedTask task) throws IOException {
        if (due(task, clock.instant())) {
            checkpoint(task);
        }
    }

    /**
     * Checkpoints {@code task}'s pending shards now, if it has any (it is paused or its settings changed).
     *
     * @return whether the task is still owned: false when a failed commit rewound its partition
     */
    boolean checkpointPending(OwnedTask task) throws IOException {
        if (!task.session().pendingShards().isEmpty()) {
            checkpoint(task);
        }
        return ownership.owns(task);
    }

    private static boolean due(OwnedTask task, Instant now) {
        return task.session().settings().checkpointPolicy().due(task.session().pendingShards().size(),
                task.session().firstPendingAt(), now);
    }

    /** Checkpoints every owned task that is due (the time policy fires without new shards). */
    void checkpointDueTasks() throws IOException {
        Instant now = clock.instant();
        for (OwnedTask task : ownership.all()) {
            if (ownership.owns(task) && due(task, now)) {
                checkpoint(task);
            }
        }
    }

    /** Checkpoints every owned task with pending shards (the trainer stops); a failed one is trained again later. */
    void checkpointAllPending() {
        for (OwnedTask task : ownership.all()) {
            if (ownership.owns(task) && !task.session().pendingShards().isEmpty()) {
                try {
                    checkpoint(task);
                } catch (IOException e) {
                    LOG.warn("Final checkpoint of task {} failed; its shards since the last one will be trained "
                            + "again", task.task(), e);
                }
            }
        }
    }

    /** Store first, then event and offsets in one transaction; on an abortable failure the partition rewinds. */
    private void checkpoint(OwnedTask task) throws IOException {
        long started = System.nanoTime();
        String name = task.task();
        CheckpointPolicy policy = task.session().settings().checkpointPolicy();
        CheckpointEvent event = task.session().writeCheckpoint(store, Map.of("checkpointEveryShards",
                Integer.toString(policy.everyShards()), "checkpointEveryMs", Long.toString(policy.every().toMillis())),
                clock.instant());
        listener.onCheckpointWritten(event);
        long offset = ownership.safeToCommit(task);
        Producer<String, CheckpointEvent> producer = task.producer();
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), name, event));
            producer.sendOffsetsToTransaction(Map.of(task.partition(), new OffsetAndMetadata(offset)),
                    groupMetadata.get());
            // A commit that timed out may be tried again (the producer keeps its outcome): the work is kept.
            retry.run("committing checkpoint " + event.getCheckpointId() + " of task " + name,
                    producer::commitTransaction);
        } catch (KafkaException e) {
            if (TransactionErrors.isFatal(e)) {
                // Another trainer took over this task's transactional id, or the cluster refuses us: stop. The
                // checkpoint stays an orphan that the task's next owner deletes.
                throw e;
            }
            // Abortable (a rebalance, a transaction the coordinator timed out, or a send refused for an old
            // epoch): abort with this producer first. A producer that was fenced learns it here, as Kafka Streams
            // treats an old epoch like a fencing; re-creating the producer in the rewind would fence the new owner.
            abortOrStop(producer, name);
            LOG.warn("Checkpoint {} of task {} could not be committed ({}); discarding it and rewinding {} to its "
                    + "committed offset", event.getCheckpointId(), name, e.toString(), task.partition());
            deleteQuietly(event.getLocation());
            ownership.rewind(task.partition());
            return;
        }
        task.session().committed(event);
        index.add(event);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.checkpointCommitted(name, took);
        LOG.info("Task {} checkpoint {} committed: {} shard(s), step {}, loss {}, offset {} of {} committed, "
                + "took {} ms", name, event.getCheckpointId(), event.getShards().size(), event.getGlobalStep(),
                String.format("%.4f", event.getTrainLoss()), offset, task.partition(), took.toMillis());
        housekeeping.afterCommit(event);
        listener.onCheckpointCommitted(event);
    }

    private static void abortOrStop(Producer<String, CheckpointEvent> producer, String task) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            if (TransactionErrors.isFatal(e)) {
                throw e;
            }
            // Not fenced: closing the producer in the rewind aborts the transaction.
            LOG.debug("Aborting the transaction of task {} failed ({}); the rewind closes its producer", task,
                    e.toString());
        }
    }

    private void deleteQuietly(String location) {
        try {
            store.delete(location);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete uncommitted checkpoint {}; it is ignored and removed at the next take-over",
                    location, e);
        }
    }
}
