package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamtune.kafka.embedded.EmbeddedKafkaBroker;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.registry.errors.IncompatibleSchemaException;
import io.streamtune.registry.errors.SchemaNotRegisteredException;
import io.streamtune.schemas.LabeledExample;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The serdes against the real embedded registry, and through a real Kafka broker. */
@ExtendWith(RegistryExtension.class)
class AvroRegistrySerdeIT {

    @Test
    void shouldCarryRecordsThroughKafkaWithSerdesConfiguredByClassName(EmbeddedRegistry registry,
            @TempDir Path kafkaDir) throws Exception {
        String topic = TestRecords.uniqueTopic("examples");
        List<LabeledExample> sent = List.of(
                TestRecords.example("m-1", "Cheap meds, click now", "spam"),
                TestRecords.example("m-2", "Minutes of Tuesday's meeting", "ham"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(kafkaDir).build().start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            // As a user would: serializer named in the producer's configuration, registry URL alongside.
            try (KafkaProducer<String, LabeledExample> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroRegistrySerializer.class,
                    SchemaRegistryConfig.URL_CONFIG, registry.url()))) {
                for (LabeledExample example : sent) {
                    producer.send(new ProducerRecord<>(topic, example.getId(), example)).get();
                }
            }
            List<byte[]> raw = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "serde-it",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> raw.add(record.value()));
                    return raw.size() >= sent.size();
                });
            }
            List<Object> received = new ArrayList<>();
            try (AvroRegistryDeserializer<Object> byName = new AvroRegistryDeserializer<>()) {
                byName.configure(Map.of(SchemaRegistryConfig.URL_CONFIG, registry.url(),
                        SchemaRegistryConfig.SPECIFIC_READER_CONFIG, true), false);
                raw.forEach(bytes -> received.add(byName.deserialize(topic, bytes)));
            }

            assertThat(received).containsExactlyElementsOf(sent);
            assertThat(raw.get(0)[0]).isEqualTo(WireFormat.MAGIC_BYTE);
            int id = ByteBuffer.wrap(raw.get(0), 1, 4).getInt();
            try (SchemaRegistryClient client = registry.client()) {
                assertThat(client.subjects()).contains(topic + "-value");
                assertThat(client.lookup(topic + "-value", LabeledExample.getClassSchema())).isEqualTo(id);
                assertThat(client.schemaById(id)).isEqualTo(LabeledExample.getClassSchema());
            }
        }
    }

    @Test
    void shouldServeAsAKafkaStreamsSerde(EmbeddedRegistry registry) {
        String input = TestRecords.uniqueTopic("streams-in");
        String output = TestRecords.uniqueTopic("streams-out");
        try (AvroRegistrySerde<LabeledExample> serde =
                RegistrySerdes.specific(LabeledExample.class, registry.clientConfig(), false)) {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(input, Consumed.with(Serdes.String(), serde))
                    .mapValues(example -> LabeledExample.newBuilder(example).setLabel("spam").build())
                    .to(output, Produced.with(Serdes.String(), serde));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serde-it");
            try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
                driver.createInputTopic(input, new StringSerializer(), serde.serializer())
                        .pipeInput("s-1", TestRecords.example("s-1", "You won!", "ham"));

                LabeledExample relabeled = driver.createOutputTopic(output, new StringDeserializer(),
                        serde.deserializer()).readValue();

                assertThat(relabeled.getId()).isEqualTo("s-1");
                assertThat(relabeled.getLabel()).isEqualTo("spam");
            }
            try (SchemaRegistryClient client = registry.client()) {
                assertThat(client.subjects()).contains(input + "-value", output + "-value");
            }
        }
    }

    @Test
    void shouldServeAsTheDefaultStreamsSerdeConfiguredByClassName(EmbeddedRegistry registry) {
        String input = TestRecords.uniqueTopic("default-serde-in");
        String output = TestRecords.uniqueTopic("default-serde-out");
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, LabeledExample>stream(input, Consumed.with(Serdes.String(), null))
                .filter((key, example) -> "spam".equals(example.getLabel()))
                .to(output, Produced.with(Serdes.String(), null));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "default-serde-it");
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, AvroRegistrySerde.class);
        props.put(SchemaRegistryConfig.URL_CONFIG, registry.url());
        props.put(SchemaRegistryConfig.SPECIFIC_READER_CONFIG, true);
        try (AvroRegistrySerde<LabeledExample> serde =
                        RegistrySerdes.specific(LabeledExample.class, registry.clientConfig(), false);
                TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            var in = driver.createInputTopic(input, new StringSerializer(), serde.serializer());
            in.pipeInput("d-1", TestRecords.example("d-1", "Act now!", "spam"));
            in.pipeInput("d-2", TestRecords.example("d-2", "Agenda attached", "ham"));

            List<LabeledExample> spam = driver.createOutputTopic(output, new StringDeserializer(),
                    serde.deserializer()).readValuesToList();

            assertThat(spam).extracting(LabeledExample::getId).containsExactly("d-1");
        }
    }

    @Test
    void shouldRoundTripGenericRecordsWithTheirWriterSchema(EmbeddedRegistry registry) {
        String topic = TestRecords.uniqueTopic("generic");
        Schema schema = SchemaBuilder.record("Reading").namespace("io.streamtune.it").fields()
                .requiredString("sensor").requiredDouble("value").endRecord();
        GenericRecord reading = new GenericData.Record(schema);
        reading.put("sensor", "t-7");
        reading.put("value", 21.5);
        try (AvroRegistrySerde<GenericRecord> serde = RegistrySerdes.generic(registry.clientConfig(), false)) {
            GenericRecord back = serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, reading));

            assertThat(back.getSchema()).isEqualTo(schema);
            assertThat(back.get("sensor")).hasToString("t-7");
            assertThat(back.get("value")).isEqualTo(21.5);
        }
    }

    @Test
    void shouldServeRepeatedRecordsFromTheCacheWithoutRegistryRequests(EmbeddedRegistry registry) {
        String topic = TestRecords.uniqueTopic("cached");
        try (AvroRegistrySerde<LabeledExample> serde =
                RegistrySerdes.specific(LabeledExample.class, registry.clientConfig(), false)) {
            byte[] first = serde.serializer().serialize(topic, TestRecords.example("c-0", "first", "ham"));
            serde.deserializer().deserialize(topic, first);
            long requestsAfterFirst = serde.client().stats().requests();

            for (int i = 1; i <= 100; i++) {
                byte[] bytes = serde.serializer().serialize(topic, TestRecords.example("c-" + i, "text " + i, "ham"));
                serde.deserializer().deserialize(topic, bytes);
            }

            assertThat(requestsAfterFirst).isEqualTo(1);
            assertThat(serde.client().stats().requests()).isEqualTo(requestsAfterFirst);
        }
    }

    @Test
    void shouldRefuseAnUnregisteredSchemaWhenAutoRegisterIsOff(EmbeddedRegistry registry) {
        String topic = TestRecords.uniqueTopic("no-auto");
        Map<String, Object> config = new HashMap<>(registry.clientConfig());
        config.put(SchemaRegistryConfig.AUTO_REGISTER_CONFIG, false);
        try (AvroRegistrySerde<LabeledExample> serde = RegistrySerdes.specific(LabeledExample.class, config, false)) {
            assertThatThrownBy(() -> serde.serializer().serialize(topic, TestRecords.example("x", "text", "ham")))
                    .isInstanceOf(SchemaNotRegisteredException.class)
                    .hasMessageContaining(topic + "-value")
                    .hasMessageContaining("auto.register.schemas");
        }
    }

    @Test
    void shouldUseTheRegisteredIdWhenAutoRegisterIsOff(EmbeddedRegistry registry) {
        String topic = TestRecords.uniqueTopic("pre-registered");
        Map<String, Object> config = new HashMap<>(registry.clientConfig());
        config.put(SchemaRegistryConfig.AUTO_REGISTER_CONFIG, false);
        try (SchemaRegistryClient admin = registry.client();
                AvroRegistrySerde<LabeledExample> serde =
                        RegistrySerdes.specific(LabeledExample.class, config, false)) {
            int id = admin.register(topic + "-value", LabeledExample.getClassSchema());

            byte[] bytes = serde.serializer().serialize(topic, TestRecords.example("p", "text", "ham"));

            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        }
    }

    @Test
    void shouldFailWithIncompatibleSchemaWhenTheRegistryAnswers409(EmbeddedRegistry registry) {
        String topic = TestRecords.uniqueTopic("incompatible");
        String subject = topic + "-value";
        Schema v1 = SchemaBuilder.record("Reading").namespace("io.streamtune.it").fields()
                .requiredString("sensor").endRecord();
        // A new required field without default: new readers cannot read old records.
        Schema breaking = SchemaBuilder.record("Reading").namespace("io.streamtune.it").fields()
                .requiredString("sensor").requiredInt("floor").endRecord();
        try (SchemaRegistryClient client = registry.client()) {
            client.setCompatibility(subject, "BACKWARD");
            client.register(subject, v1);

            assertThatThrownBy(() -> client.register(subject, breaking))
                    .isInstanceOfSatisfying(IncompatibleSchemaException.class,
                            e -> assertThat(e.subject()).isEqualTo(subject))
                    .hasMessageContaining(subject);
        }
    }
}
