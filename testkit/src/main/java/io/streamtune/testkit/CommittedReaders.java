package io.streamtune.testkit;

import io.streamtune.common.kafka.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers that read what a service committed, as a downstream service would: {@code read_committed}, from the
 * earliest offset, large enough for the largest shard. The caller closes them.
 */
public final class CommittedReaders {

    private CommittedReaders() {
    }

    /** The settings of such a consumer in consumer group {@code group}. */
    public static Map<String, Object> settings(String bootstrapServers, String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_SHARD_BYTES);
        return props;
    }

    /** Such a consumer subscribed to {@code topics}, keys as strings, values as bytes. */
    public static KafkaConsumer<String, byte[]> subscribe(String bootstrapServers, String group, List<String> topics) {
        return subscribe(bootstrapServers, group, new ByteArrayDeserializer(), topics);
    }

    /** Such a consumer subscribed to {@code topics}, keys as strings, values through {@code values}. */
    public static <V> KafkaConsumer<String, V> subscribe(String bootstrapServers, String group,
            Deserializer<V> values, List<String> topics) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings(bootstrapServers, group),
                new StringDeserializer(), values);
        consumer.subscribe(topics);
        return consumer;
    }
}
