package io.streamtune.trainer.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * The bookkeeping of task ownership, free of clients and models: which tasks this trainer owns, on which shards
 * partition, how far each partition is handled, and so which offset a task's checkpoint may commit
 * ({@link CommittedOffsets}). Several tasks may share a partition. Not thread-safe: the trainer touches it from its
 * polling thread only (rebalance callbacks run inside its poll).
 *
 * @param <T> what is kept per owned task
 */
public final class OwnedTasks<T extends OwnedTasks.Owned> {

    /** What the bookkeeping reads of an owned task. */
    public interface Owned {

        /** The task's name. */
        String task();

        /** The shards partition the task's shards arrive on. */
        TopicPartition partition();

        /** Offset of the task's oldest shard not checkpointed yet, or {@code null} when none is pending. */
        Long firstPendingOffset();
    }

    private final Map<String, T> byTask = new LinkedHashMap<>();
    /** Offset after the last record handled, per owned partition. */
    private final Map<TopicPartition, Long> nextUnhandled = new HashMap<>();

    /** The owned task of that name, or {@code null}. */
    public T get(String task) {
        return byTask.get(task);
    }

    /** Records a task taken over; it must not be owned already. */
    public void add(T task) {
        if (byTask.putIfAbsent(task.task(), task) != null) {
            throw new IllegalStateException("task " + task.task() + " is owned already");
        }
    }

    /** Whether exactly this instance is still owned (it may have been dropped since a snapshot was taken). */
    public boolean owns(T task) {
        return byTask.get(task.task()) == task;
    }

    /** Forgets a dropped task, unless a successor of the same name owns it by now; the partition's progress stays. */
    public void remove(T task) {
        if (owns(task)) {
            byTask.remove(task.task());
        }
    }

    /** A snapshot of the owned tasks, in take-over order. */
    public List<T> all() {
        return List.copyOf(byTask.values());
    }

    /** A snapshot of the owned tasks on any of {@code partitions}. */
    public List<T> on(Collection<TopicPartition> partitions) {
        return byTask.values().stream().filter(task -> partitions.contains(task.partition())).toList();
    }

    /**
     * Marks the record at {@code offset} handled: trained, skipped or dead-lettered. Records of different tasks
     * may be handled out of offset order ({@link FairShardQueue}): the partition's mark only moves forward.
     */
    public void handled(TopicPartition partition, long offset) {
        nextUnhandled.merge(partition, offset + 1, Math::max);
    }

    /** Forgets how far {@code partition} was handled (it was released or is read again). */
    public void forget(TopicPartition partition) {
        nextUnhandled.remove(partition);
    }

    /**
     * The offset of its partition that a checkpoint of {@code task} may commit: past every record handled, but not
     * past a shard that another task on the partition trained and has not checkpointed, nor past a record read but
     * not handled yet.
     *
     * @param oldestQueued offset of the oldest record of the partition read and queued, not handled; or null
     */
    public long safeToCommit(T task, Long oldestQueued) {
        Long next = Objects.requireNonNull(nextUnhandled.get(task.partition()),
                () -> "nothing handled on " + task.partition() + " yet");
        List<Long> held = new ArrayList<>(byTask.values().stream()
                .filter(other -> other != task && other.partition().equals(task.partition()))
                .map(Owned::firstPendingOffset).filter(Objects::nonNull).toList());
        if (oldestQueued != null) {
            held.add(oldestQueued);
        }
        return CommittedOffsets.safeToCommit(next, held);
    }
}
