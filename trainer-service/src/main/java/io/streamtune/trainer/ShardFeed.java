package io.streamtune.trainer;

import io.streamtune.trainer.kafka.FairShardQueue;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads shards ahead into a {@link FairShardQueue} and hands them out a task at a time, round-robin: a partition
 * whose task has its lane full is paused until the lane drains, so a task with a backlog neither starves the
 * others nor fills memory. Polling thread only.
 */
final class ShardFeed {

    /** Records read per {@link #fill} at most: the loop gets back to training and checkpoint timers soon. */
    private static final int MAX_RECORDS_PER_FILL = 64;

    private final Consumer<String, byte[]> consumer;
    private final FairShardQueue queue;

    ShardFeed(Consumer<String, byte[]> consumer, FairShardQueue queue) {
        this.consumer = consumer;
        this.queue = queue;
    }

    /** Reads what the consumer has; waits up to {@code pollTimeout} for shards only when none is queued. */
    void fill(Duration pollTimeout) {
        Duration wait = queue.isEmpty() ? pollTimeout : Duration.ZERO;
        int read = 0;
        while (read < MAX_RECORDS_PER_FILL) {
            ConsumerRecords<String, byte[]> records = consumer.poll(wait);
            if (records.isEmpty()) {
                break;
            }
            records.forEach(queue::add);
            read += records.count();
            pauseFullPartitions();
            wait = Duration.ZERO;
        }
        pauseFullPartitions();
    }

    /** The next shard record to handle, the tasks with work taking turns. */
    Optional<ConsumerRecord<String, byte[]>> next() {
        Optional<ConsumerRecord<String, byte[]>> next = queue.next();
        pauseFullPartitions();
        return next;
    }

    /** Pauses the assigned partitions with a full lane and resumes the others this feed paused. */
    private void pauseFullPartitions() {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> full = new HashSet<>(queue.fullPartitions());
        full.retainAll(assigned);
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toPause = new HashSet<>(full);
        toPause.removeAll(paused);
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.retainAll(assigned);
        toResume.removeAll(full);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }
}
