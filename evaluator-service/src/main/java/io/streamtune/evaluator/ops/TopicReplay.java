package io.streamtune.evaluator.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reading whole topics: assign every partition, start from the beginning, stop at the current end. */
public final class TopicReplay {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReplay() {
    }

    /** Assigns every partition of {@code topics} to {@code consumer}, positioned at the beginning. */
    public static <K, V> void assignFromBeginning(org.apache.kafka.clients.consumer.Consumer<K, V> consumer,
            List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Hands every record up to the assigned partitions' end offsets, as they are when called, to {@code handler}.
     * With {@code read_committed} the end is the last stable offset, so open transactions are not waited for.
     *
     * @param stop checked between polls; true ends the replay early
     */
    public static <K, V> void untilEnd(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, BooleanSupplier stop,
            Consumer<ConsumerRecord<K, V>> handler) {
        Map<TopicPartition, Long> pending = new HashMap<>(consumer.endOffsets(consumer.assignment()));
        pending.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        while (!pending.isEmpty() && !stop.getAsBoolean()) {
            consumer.poll(POLL).forEach(handler);
            pending.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
    }
}
