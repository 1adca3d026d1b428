package io.streamtune.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = Topics.EXAMPLES_DLQ.name();

    @Test
    void shouldKeepTopicsAndRecordsAcrossARestartOnTheSameDataDir(@TempDir Path dataDir) throws Exception {
        int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).build().start()) {
            port = broker.port();
            TopicProvisioner.Result first = broker.provision(Topics.ALL);
            assertThat(first.created()).containsExactlyElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
            produce(broker, "before-restart", 5);
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).port(port).build().start()) {
            TopicProvisioner.Result second = broker.provision(Topics.ALL);
            assertThat(second.created()).isEmpty();
            produce(broker, "after-restart", 2);

            assertThat(readAll(broker)).hasSize(7).startsWith("before-restart-0").endsWith("after-restart-1");
        }
    }

    @Test
    void shouldComeBackOnTheSamePortWithItsDataAfterAStop(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).build().start()) {
            broker.provision(List.of(Topics.EXAMPLES_DLQ));
            produce(broker, "before-outage", 3);
            int port = broker.port();

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.port()).isEqualTo(port);
            produce(broker, "after-outage", 1);
            assertThat(readAll(broker)).containsExactly("before-outage-0", "before-outage-1", "before-outage-2",
                    "after-outage-0");
        }
    }

    @Test
    void shouldCreatePipelineTopicsWithTheConfigsTheCodeExpects(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).build().start();
                Admin admin = broker.admin()) {
            broker.provision(Topics.ALL);

            for (TopicSpec<?> spec : Topics.ALL) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                Config actual = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                spec.configs().forEach((key, value) ->
                        assertThat(actual.get(key).value()).as("%s of %s", key, spec.name()).isEqualTo(value));
                assertThat(admin.describeTopics(List.of(spec.name())).allTopicNames().get()
                        .get(spec.name()).partitions()).hasSize(spec.partitions());
            }
            ConfigResource promotions = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PROMOTIONS.name());
            assertThat(admin.describeConfigs(List.of(promotions)).all().get().get(promotions)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldProvisionIdempotently(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).build().start()) {
            broker.provision(Topics.ALL);

            TopicProvisioner.Result again = broker.provision(Topics.ALL);

            assertThat(again.created()).isEmpty();
            assertThat(again.updated()).hasSize(Topics.ALL.size());
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k", prefix + "-" + i)).get();
            }
        }
    }

    private static List<String> readAll(EmbeddedKafkaBroker broker) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
