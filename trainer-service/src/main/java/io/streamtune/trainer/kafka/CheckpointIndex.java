package io.streamtune.trainer.kafka;

import io.streamtune.schemas.CheckpointEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What the checkpoints topic says has been committed, per task: the newest checkpoint event and every location
 * announced and still stored ({@link #retainStored}). The topic is the source of truth, not the store: a checkpoint
 * exists for the pipeline only once the transaction that announced it (and committed the shard offsets it covers)
 * has committed, so the consumer must read {@code read_committed}.
 *
 * <p>The topic is append-only, so the index reads it once from the beginning and afterwards only what was added
 * ({@link #catchUp}). A trainer calls {@link #catchUp} right before it takes over a task, after its transactional
 * producer has fenced any previous owner, so the previous owner's last commit is seen.
 */
public final class CheckpointIndex implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, CheckpointEvent> consumer;
    private final List<TopicPartition> partitions;
    private final Map<String, CheckpointEvent> latest = new HashMap<>();
    /** Per task, the global step of each committed location: its keys are the task's committed locations. */
    private final Map<String, Map<String, Long>> steps = new HashMap<>();

    /** @param consumer a {@code read_committed} consumer without a group; the index assigns and owns it */
    public CheckpointIndex(Consumer<String, CheckpointEvent> consumer, String topic) {
        this.consumer = consumer;
        this.partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads up to the current end (the last stable offset) of every partition. */
    public void catchUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                // A timeout, as Kafka's own calls report it: the broker may be down, and callers retry.
                throw new TimeoutException("could not read the checkpoints topic to its end within " + timeout);
            }
            for (ConsumerRecord<String, CheckpointEvent> record : consumer.poll(POLL)) {
                add(record.value());
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    /** Records an event this process has just committed (it will also be read back; that is harmless). */
    public void add(CheckpointEvent event) {
        CheckpointEvent previous = latest.get(event.getTask());
        // A task's events share a partition, so the order read is the commit order; the step check guards
        // against re-adding an older event read back after our own add().
        if (previous == null || event.getGlobalStep() >= previous.getGlobalStep()) {
            latest.put(event.getTask(), event);
        }
        steps.computeIfAbsent(event.getTask(), t -> new HashMap<>()).put(event.getLocation(), event.getGlobalStep());
    }

    /**
     * Forgets every location of {@code task} that is not in {@code stored} (retention deleted it, now or before
     * this process read the topic), so that the index holds what the store holds plus the newest event, not every
     * checkpoint the topic (kept forever) ever announced. Orphans are stored checkpoints no event announced, so
     * a location no longer stored never matters for them.
     */
    public void retainStored(String task, Set<String> stored) {
        Map<String, Long> known = steps.get(task);
        if (known != null) {
            known.keySet().retainAll(stored);
        }
    }

    /** The newest committed checkpoint of a task. */
    public Optional<CheckpointEvent> latest(String task) {
        return Optional.ofNullable(latest.get(task));
    }

    /** Every location a committed event of the task announced, less those no longer stored. */
    public Set<String> committedLocations(String task) {
        return Set.copyOf(steps.getOrDefault(task, Map.of()).keySet());
    }

    /** Global step of every checkpoint a committed event of the task announced, by location. */
    public Map<String, Long> committedSteps(String task) {
        return Map.copyOf(steps.getOrDefault(task, Map.of()));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
