package io.streamtune.trainer;

import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.testkit.KafkaBroker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Consumers the integration tests watch the trainer's output with: from the beginning, committed records only. */
final class CommittedReader {

    private CommittedReader() {
    }

    /** A consumer of {@code topic} in a fresh group, reading from the start, {@code read_committed}. */
    static <V extends SpecificRecord> KafkaConsumer<String, V> subscribe(KafkaBroker broker,
            EmbeddedRegistry registry, TopicSpec<V> topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "observer-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                RegistrySerdes.specific(topic.valueType(), registry.clientConfig(), false).deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }
}
