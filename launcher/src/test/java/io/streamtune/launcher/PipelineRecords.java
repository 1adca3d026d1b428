package io.streamtune.launcher;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Pipeline tests' producer of examples and reader of everything committed to a topic, through the registry. */
final class PipelineRecords {

    private final String bootstrapServers;
    private final Map<String, Object> registryConfig;

    PipelineRecords(String bootstrapServers, EmbeddedRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.registryConfig = registry.clientConfig();
    }

    PipelineRecords(KafkaBroker broker, EmbeddedRegistry registry) {
        this(broker.bootstrapServers(), registry);
    }

    /** Sends {@code examples} to the examples topic, keyed by id, each acknowledged; returns their ids. */
    List<String> produce(List<LabeledExample> examples) throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
                AvroRegistrySerde<LabeledExample> serde = RegistrySerdes.specific(LabeledExample.class,
                        registryConfig, false)) {
            String topic = Topics.EXAMPLES.name();
            for (LabeledExample example : examples) {
                producer.send(new ProducerRecord<>(topic, example.getId(),
                        serde.serializer().serialize(topic, example))).get();
                ids.add(example.getId());
            }
        }
        return ids;
    }

    /** Every committed record of {@code topic}, decoded. */
    <T extends SpecificRecord> List<T> readAll(String topic, Class<T> type) {
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_SHARD_BYTES + 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
                AvroRegistrySerde<T> serde = RegistrySerdes.specific(type, registryConfig, false)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Function<TopicPartition, Boolean> done = partition -> consumer.position(partition) >= end.get(partition);
            while (!partitions.stream().allMatch(done::apply)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() != null) {
                        values.add(serde.deserializer().deserialize(topic, record.value()));
                    }
                });
            }
        }
        return values;
    }
}
