package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(KafkaBrokerExtension.class)
class LagCommandIT {

    private static final String TOPIC = "it.lag";

    @Test
    void shouldShowCommittedEndAndLagIncludingPartitionsNeverCommitted(KafkaBroker broker) throws Exception {
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, "p0-" + i));
            }
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 1, null, "p1-" + i));
            }
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-lag-group",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(7)), Duration.ofSeconds(10));
        }

        StringWriter out = new StringWriter();
        CommandLine cli = Streamtune.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("lag", "-b", broker.bootstrapServers(), "--group", "it-lag-group");

        assertThat(code).isZero();
        assertThat(out.toString().lines().map(line -> line.trim().split("\\s+")).map(List::of).toList())
                .contains(List.of("it-lag-group", TOPIC, "0", "7", "10", "3"))
                .contains(List.of("it-lag-group", TOPIC, "1", "-", "4", "4"));
        assertThat(out.toString()).contains("it-lag-group: total lag 7");
    }
}
