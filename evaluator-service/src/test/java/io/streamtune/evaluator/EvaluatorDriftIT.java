package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DriftEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.testkit.MetricsEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift signals end to end on the real broker and registry: two tasks judged by one evaluator, one whose validation
 * stream turns to a single label (a {@code DriftEvent} on {@code drift}, once, however often it is evaluated) and one
 * whose stream stays the same (no event). The steady stream cycles over the same ten texts, so its window and its
 * reference have identical label and confidence shares: PSI 0 exactly, whatever the model.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class EvaluatorDriftIT {

    private static final String SHIFTING = "drift-shifting";
    private static final String STEADY = "drift-steady";
    private static final int WINDOW = 40;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    @Test
    void shouldPublishADriftEventWhenTheLabelsShiftAndNoneOnAStationaryStream(KafkaBroker broker,
            EmbeddedRegistry registry) throws Exception {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        CheckpointMetadata checkpoint = TestModels.trainAndSave(store, "spam/drift", false);
        try (var admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(EvaluatorService.TOPICS);
        }
        Map<String, Object> registryConfig = registry.clientConfig();
        List<LabeledExample> texts = tenTexts();
        try (KafkaProducer<String, byte[]> producer = producer(broker);
                AvroRegistrySerde<LabeledExample> examples = serde(LabeledExample.class, registryConfig);
                AvroRegistrySerde<CheckpointEvent> checkpoints = serde(CheckpointEvent.class, registryConfig);
                AvroRegistrySerde<EvaluationEvent> evaluations = serde(EvaluationEvent.class, registryConfig);
                AvroRegistrySerde<DriftEvent> drift = serde(DriftEvent.class, registryConfig);
                KafkaConsumer<String, byte[]> output = CommittedReaders.subscribe(broker.bootstrapServers(),
                        "drift-it-subscriber", List.of(Topics.EVALUATIONS.name(), Topics.DRIFT.name()))) {
            // Both tasks: 160 examples cycling over ten texts, half ham and half spam. Then the steady task gets
            // 40 more of the same, the shifting one 40 of its spam texts only.
            for (int i = 0; i < 200; i++) {
                send(producer, examples, Topics.EXAMPLES_VALIDATION.name(), STEADY,
                        example(STEADY, i, texts.get(i % 10)));
                LabeledExample shifting = i < 160 ? texts.get(i % 10) : texts.get(5 + i % 5);
                send(producer, examples, Topics.EXAMPLES_VALIDATION.name(), SHIFTING, example(SHIFTING, i, shifting));
            }
            producer.flush();

            EvaluatorConfig config = EvaluatorServiceIT.config(broker, registryConfig, store, "drift-it",
                    "drift-it", "macro_f1 >= 0.0");
            Map<String, Object> withDrift = new HashMap<>(config.originals());
            withDrift.putAll(Map.of("drift.window.size", String.valueOf(WINDOW), "drift.min.examples",
                    String.valueOf(WINDOW), "validation.recent.size", "150"));
            try (EvaluatorService service = EvaluatorService.start(new EvaluatorConfig(withDrift),
                    new TestModels.TinyBase(), Clock.systemUTC())) {
                await().atMost(WAIT).until(service::isReady);
                for (String version : List.of("first", "second")) {
                    for (String task : List.of(STEADY, SHIFTING)) {
                        send(producer, checkpoints, Topics.CHECKPOINTS.name(), task, checkpoint(task, version,
                                checkpoint));
                    }
                }
                producer.flush();

                List<EvaluationEvent> judged = new ArrayList<>();
                List<DriftEvent> signals = new ArrayList<>();
                // Drift events commit with their evaluation: once all four evaluations are read, so are they.
                await().atMost(WAIT).untilAsserted(() -> {
                    output.poll(Duration.ofMillis(500)).forEach(record -> {
                        if (!record.key().startsWith("drift-")) {
                            return; // other tests' tasks share the topics
                        }
                        if (record.topic().equals(Topics.DRIFT.name())) {
                            signals.add(drift.deserializer().deserialize(record.topic(), record.value()));
                        } else {
                            judged.add(evaluations.deserializer().deserialize(record.topic(), record.value()));
                        }
                    });
                    assertThat(judged).hasSize(4);
                });

                assertThat(signals).as("nothing for the steady task").allMatch(e -> e.getTask().equals(SHIFTING));
                List<DriftEvent> labelEvents = signals.stream().filter(e -> e.getSignal().equals("LABEL")).toList();
                assertThat(labelEvents).as("published on the change, not at every evaluation").singleElement()
                        .satisfies(event -> {
                            assertThat(event.getLevel()).isEqualTo("DRIFT");
                            assertThat(event.getPreviousLevel()).isEqualTo("NONE");
                            assertThat(event.getValue()).isGreaterThan(0.25);
                            assertThat(event.getBins()).containsExactly("ham", "spam");
                            assertThat(event.getWindowCounts()).containsExactly(0L, (long) WINDOW);
                            assertThat(event.getReferenceCounts()).containsExactly(80L, 80L);
                            assertThat(event.getCheckpointId()).isEqualTo("first");
                            assertThat(event.getChampionVersion()).as("the base model").isNull();
                        });

                String metrics = MetricsEndpoint.at(service.metricsPort()).metrics();
                assertThat(metrics).contains(
                        "streamtune_evaluator_drift_level{signal=\"label\",task=\"" + SHIFTING + "\"} 2.0",
                        "streamtune_evaluator_drift_psi{signal=\"label\",task=\"" + STEADY + "\"} 0.0",
                        "streamtune_evaluator_drift_psi{signal=\"confidence\",task=\"" + STEADY + "\"} 0.0",
                        "streamtune_evaluator_drift_events_total{level=\"DRIFT\",signal=\"label\",task=\""
                                + SHIFTING + "\"} 1.0");
            }
        }
    }

    /** Five ham and five spam examples (ham first), whose texts the streams repeat. */
    private static List<LabeledExample> tenTexts() {
        List<LabeledExample> pool = TestModels.examples("pool-", 100, 21);
        List<LabeledExample> ten = new ArrayList<>();
        ten.addAll(pool.stream().filter(e -> e.getLabel().equals("ham")).limit(5).toList());
        ten.addAll(pool.stream().filter(e -> e.getLabel().equals("spam")).limit(5).toList());
        return ten;
    }

    private static LabeledExample example(String task, int i, LabeledExample text) {
        return LabeledExample.newBuilder(text).setId(task + "-" + i).setTask(task).build();
    }

    private static CheckpointEvent checkpoint(String task, String version, CheckpointMetadata checkpoint) {
        return CheckpointEvent.newBuilder(EvaluatorTest.event(version, checkpoint)).setTask(task)
                .setCreatedAt(Instant.now()).build();
    }

    private static <T extends SpecificRecord> AvroRegistrySerde<T> serde(Class<T> type, Map<String, Object> config) {
        return RegistrySerdes.specific(type, config, false);
    }

    private static <T> void send(KafkaProducer<String, byte[]> producer, AvroRegistrySerde<T> serde, String topic,
            String key, T value) {
        producer.send(new ProducerRecord<>(topic, key, serde.serializer().serialize(topic, value)));
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
