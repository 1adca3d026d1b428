package io.streamtune.trainer.kafka;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Shards read from the shards topic and not yet handled, one lane per task (the record key), handed out
 * round-robin between the tasks with work: one task with a backlog cannot starve another. A lane holding
 * {@code perTask} records makes its partition full ({@link #fullPartitions}): the trainer pauses it, so memory
 * stays bounded. Within a lane records keep their offset order, so a task's shards train in order.
 *
 * <p>Records of different tasks on one partition may be handled out of offset order: the offset a checkpoint may
 * commit must stay below every queued record ({@link #oldestQueued}). Not thread-safe: the polling thread's.
 */
public final class FairShardQueue {

    private final int perTask;
    /** Lanes in turn order: the next record comes from the first lane; a served lane moves to the back. */
    private final Map<String, ArrayDeque<ConsumerRecord<String, byte[]>>> lanes = new LinkedHashMap<>();

    /** @param perTask records a lane holds before its partition counts as full */
    public FairShardQueue(int perTask) {
        if (perTask < 1) {
            throw new IllegalArgumentException("perTask must be at least 1, was " + perTask);
        }
        this.perTask = perTask;
    }

    /** Queues a record read from the topic at the back of its task's lane. */
    public void add(ConsumerRecord<String, byte[]> record) {
        String lane = record.key() == null ? "" : record.key();
        lanes.computeIfAbsent(lane, key -> new ArrayDeque<>()).addLast(record);
    }

    /** The next record to handle: the oldest of the task whose turn it is; empty when nothing is queued. */
    public Optional<ConsumerRecord<String, byte[]>> next() {
        var first = lanes.entrySet().iterator();
        if (!first.hasNext()) {
            return Optional.empty();
        }
        var entry = first.next();
        first.remove();
        ConsumerRecord<String, byte[]> record = entry.getValue().pollFirst();
        if (!entry.getValue().isEmpty()) {
            lanes.put(entry.getKey(), entry.getValue());
        }
        return Optional.ofNullable(record);
    }

    public boolean isEmpty() {
        return lanes.isEmpty();
    }

    /** Records queued, every task's. */
    public int size() {
        return lanes.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Partitions with a lane holding {@code perTask} records or more: to pause until the lane drains. */
    public Set<TopicPartition> fullPartitions() {
        Set<TopicPartition> full = new HashSet<>();
        for (ArrayDeque<ConsumerRecord<String, byte[]>> lane : lanes.values()) {
            if (lane.size() >= perTask) {
                lane.forEach(record -> full.add(partition(record)));
            }
        }
        return full;
    }

    /** Offset of the oldest record queued from {@code partition}; {@code null} when none is. */
    public Long oldestQueued(TopicPartition partition) {
        return lanes.values().stream().flatMap(Collection::stream).filter(r -> partition.equals(partition(r)))
                .map(ConsumerRecord::offset).min(Long::compare).orElse(null);
    }

    /** Drops the records queued from {@code partitions} (revoked, or rewound to be read again). */
    public void forget(Collection<TopicPartition> partitions) {
        lanes.values().forEach(lane -> lane.removeIf(record -> partitions.contains(partition(record))));
        lanes.values().removeIf(ArrayDeque::isEmpty);
    }

    private static TopicPartition partition(ConsumerRecord<String, byte[]> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
