package io.streamtune.trainer;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.kafka.TransactionErrors;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.trainer.core.CheckpointDraft;
import io.streamtune.trainer.core.CheckpointPolicy;
import io.streamtune.trainer.kafka.CheckpointIndex;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * Checkpoints owned tasks when their own {@link CheckpointPolicy} (from the task's settings) says so: takes a
 * snapshot between two shards, has the {@link CheckpointWriter} write it to the store in the background while
 * training goes on, and once the files are durable and published, in one transaction of the task's producer,
 * announces its {@link CheckpointEvent} and commits the shard offsets (as of the snapshot) with the consumer's
 * group metadata. Whatever a crash interrupts, the
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
    private final CheckpointWriter writer;
    /** Per task, checkpoint writes failed since its last commit. */
    private final Map<String, Integer> writeFailuresInARow = new HashMap<>();

    CheckpointCommitter(CheckpointStore store, CheckpointWriter writer, TaskOwnership ownership,
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
        this.writer = writer;
    }

    /** Checkpoints {@code task} when its pending shards or their age make one due (its own policy). */
    void checkpointIfDue(OwnedTask task) throws IOException {
        collectFinished();
        if (ownership.owns(task) && due(task, clock.instant())) {
            start(task);
        }
    }

    /**
     * Checkpoints {@code task}'s pending shards now, if it has any (it is paused or its settings changed), and
     * waits until that checkpoint, and any other being written, is committed or discarded.
     *
     * @return whether the task is still owned: false when a failed commit rewound its partition
     */
    boolean checkpointPending(OwnedTask task) throws IOException {
        collectAll();
        if (ownership.owns(task) && task.session().shardsToCheckpoint() > 0) {
            start(task);
            collectAll();
        }
        return ownership.owns(task);
    }

    private static boolean due(OwnedTask task, Instant now) {
        return task.session().settings().checkpointPolicy().due(task.session().shardsToCheckpoint(),
                task.session().firstPendingAt(), now);
    }

    /** Commits a checkpoint whose write finished, then checkpoints every owned task that is due. */
    void checkpointDueTasks() throws IOException {
        collectFinished();
        Instant now = clock.instant();
        for (OwnedTask task : ownership.all()) {
            if (ownership.owns(task) && due(task, now)) {
                start(task);
            }
        }
    }

    /** Checkpoints every owned task with pending shards (the trainer stops); a failed one is trained again later. */
    void checkpointAllPending() {
        collectAll();
        for (OwnedTask task : ownership.all()) {
            if (ownership.owns(task) && task.session().shardsToCheckpoint() > 0) {
                try {
                    start(task);
                    collectAll();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Final checkpoint of task {} failed; its shards since the last one will be trained "
                            + "again", task.task(), e);
                }
            }
        }
    }

    /**
     * Takes the checkpoint's snapshot, the one part the training thread waits for, and hands the write to the
     * background writer. One write at a time: when the previous one is still running, this waits for it and
     * commits it first (no checkpoint is skipped or merged; the new one covers every shard trained meanwhile).
     */
    private void start(OwnedTask task) throws IOException {
        if (writer.busy()) {
            collectAll();
            if (!ownership.owns(task) || task.session().shardsToCheckpoint() == 0) {
                return;
            }
        }
        long started = System.nanoTime();
        CheckpointPolicy policy = task.session().settings().checkpointPolicy();
        CheckpointDraft draft = task.session().snapshotCheckpoint(Map.of("checkpointEveryShards",
                Integer.toString(policy.everyShards()), "checkpointEveryMs", Long.toString(policy.every().toMillis())),
                clock.instant());
        // The offset as of the snapshot: shards trained while the write runs are not in this checkpoint.
        long offset = ownership.safeToCommit(task);
        writer.submit(task, draft, offset, started, System.nanoTime() - started);
    }

    private void collectFinished() {
        writer.poll().ifPresent(this::commit);
    }

    private void collectAll() {
        writer.await().ifPresent(this::commit);
    }

    /**
     * A write finished: files first, then event and offsets in one transaction; if the write or an abortable commit
     * failed, the checkpoint is discarded and the partition rewinds, so its shards are trained again.
     */
    private void commit(CheckpointWriter.InFlight written) {
        OwnedTask task = written.task();
        String name = task.task();
        CheckpointEvent event;
        try {
            event = CheckpointWriter.outcome(written);
        } catch (IOException | RuntimeException e) {
            metrics.checkpointFailed(name, TrainerMetrics.FAILED_WRITING);
            int inARow = writeFailuresInARow.merge(name, 1, Integer::sum);
            if (inARow == 1) {
                LOG.warn("Writing checkpoint {} of task {} failed; rewinding {} to its committed offset to train its "
                        + "shards again", written.draft().id(), name, task.partition(), e);
            } else {
                // The cause (a full or read-only volume) usually lasts: its stack trace once is enough.
                LOG.warn("Writing checkpoint {} of task {} failed again, {} in a row ({}); rewinding {}",
                        written.draft().id(), name, inARow, e.toString(), task.partition());
            }
            task.session().abandoned(written.draft());
            ownership.rewind(task.partition());
            return;
        }
        listener.onCheckpointWritten(event);
        long offset = written.offset();
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
            metrics.checkpointFailed(name, TrainerMetrics.FAILED_COMMITTING);
            LOG.warn("Checkpoint {} of task {} could not be committed ({}); discarding it and rewinding {} to its "
                    + "committed offset", event.getCheckpointId(), name, e.toString(), task.partition());
            deleteQuietly(event.getLocation());
            ownership.rewind(task.partition());
            return;
        }
        task.session().committed(event);
        writeFailuresInARow.remove(name);
        index.add(event);
        Duration took = Duration.ofNanos(System.nanoTime() - written.startedNanos());
        Duration stall = Duration.ofNanos(written.stallNanos());
        metrics.checkpointCommitted(name, took, stall);
        LOG.info("Task {} checkpoint {} committed: {} shard(s), step {}, loss {}, offset {} of {} committed, "
                + "took {} ms (training waited {} ms for the snapshot)", name, event.getCheckpointId(),
                event.getShards().size(), event.getGlobalStep(), String.format("%.4f", event.getTrainLoss()), offset,
                task.partition(), took.toMillis(), stall.toMillis());
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
