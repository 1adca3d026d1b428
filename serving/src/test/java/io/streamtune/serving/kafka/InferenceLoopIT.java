package io.streamtune.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.InferencePrediction;
import io.streamtune.schemas.InferenceRequest;
import io.streamtune.serving.ServeConfig;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka-native inference on the real broker and registry: requests in the registry's wire format are answered
 * exactly once (read_committed), bad ones dead-lettered with their reason, the counts balance, and an instance
 * restarted with the same group and transactional id answers only what was not answered before.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class InferenceLoopIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int GOOD = 40;

    @Test
    void shouldAnswerEveryRequestOnceDeadLetterTheBadOnesAndNotScoreTwiceAfterARestart(KafkaBroker broker,
            EmbeddedRegistry registry) throws Exception {
        String group = "serve-it-" + UUID.randomUUID();
        Map<String, Object> registryConfig = registry.clientConfig();
        ServeConfig config = config(broker, registryConfig, group);
        FakeChampions first = new FakeChampions().load("spam", "ckpt-1");
        MeterRegistry meters = new SimpleMeterRegistry();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(broker);
                AvroRegistrySerde<InferenceRequest> requests = RegistrySerdes.specific(InferenceRequest.class,
                        registryConfig, false);
                Answers answers = new Answers(broker, registryConfig, group)) {
            InferenceLoop loop = InferenceLoop.create(config, first, meters, () -> true);
            try {
                loop.start();
                for (int i = 0; i < GOOD; i++) {
                    String id = group + "-" + i;
                    ids.add(id);
                    send(producer, requests, request(id, i % 3 == 0 ? "free money " + i : "see you at " + i));
                }
                // One of each kind of bad request.
                producer.send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), group + "-tombstone", null));
                producer.send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), group + "-json",
                        "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
                send(producer, requests, InferenceRequest.newBuilder(request(group + "-bad-task", "hello"))
                        .setTask("fraud").build());
                send(producer, requests, request(group + "-bad-text", " \t"));
                send(producer, requests, request(group + "-long-text", "y".repeat(201)));
                producer.flush();

                await().atMost(WAIT).until(() -> answers.poll() && answers.predictions.size() >= GOOD
                        && answers.deadLetters.size() >= 5);
                assertThat(answers.predictions).extracting(InferencePrediction::getId)
                        .containsExactlyInAnyOrderElementsOf(ids);
                assertThat(answers.predictions).allSatisfy(p -> {
                    assertThat(p.getModelVersion()).isEqualTo("ckpt-1");
                    assertThat(p.getLabels()).containsExactly("ham", "spam");
                    assertThat(p.getLatencyMs()).isNotNegative();
                });
                assertThat(answers.predictions).filteredOn(p -> p.getId().endsWith("-3"))
                        .singleElement().satisfies(p -> assertThat(p.getLabel()).isEqualTo("spam"));
                assertThat(answers.deadLetters).extracting(DeadLetter::getReasonCode).containsExactlyInAnyOrder(
                        "NO_VALUE", "UNKNOWN_MAGIC_BYTE", "UNKNOWN_TASK", "BLANK_TEXT", "TEXT_TOO_LONG");
                await().atMost(WAIT).until(() -> count(meters, InferenceMetrics.REQUESTS) == GOOD + 5);
                assertThat(count(meters, InferenceMetrics.PREDICTIONS)).isEqualTo(GOOD);
                assertThat(count(meters, InferenceMetrics.DEAD_LETTERS)).isEqualTo(5);
                assertThat(loop.health().ready().up()).as(loop.health().ready().toString()).isTrue();
            } finally {
                loop.close();
            }
            assertThat(loop.failure()).isNull();

            // Restarted with the same group and transactional id: only the new requests are scored.
            FakeChampions second = new FakeChampions().load("spam", "ckpt-2");
            InferenceLoop restarted = InferenceLoop.create(config, second, new SimpleMeterRegistry(), () -> true);
            try {
                restarted.start();
                for (int i = 0; i < 5; i++) {
                    send(producer, requests, request(group + "-after-" + i, "after the restart " + i));
                }
                producer.flush();
                await().atMost(WAIT).until(() -> answers.poll() && answers.predictions.size() >= GOOD + 5);
            } finally {
                restarted.close();
            }
            answers.poll();
            assertThat(answers.predictions).hasSize(GOOD + 5).extracting(InferencePrediction::getId)
                    .doesNotHaveDuplicates();
            assertThat(second.calls()).flatExtracting(FakeChampions.Call::texts)
                    .allMatch(text -> text.startsWith("after the restart")).hasSize(5);
            assertThat(answers.deadLetters).hasSize(5);
        }
    }

    @Test
    void shouldNotLetAStuckInstanceThatLostItsPartitionsPublishASecondAnswer(KafkaBroker broker,
            EmbeddedRegistry registry) throws Exception {
        String group = "serve-zombie-it-" + UUID.randomUUID();
        Map<String, Object> registryConfig = registry.clientConfig();
        CountDownLatch release = new CountDownLatch(1);
        FakeChampions stuck = new FakeChampions().load("spam", "ckpt-stuck").holdUntil(release);
        FakeChampions healthy = new FakeChampions().load("spam", "ckpt-healthy");
        MeterRegistry stuckMeters = new SimpleMeterRegistry();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(broker);
                AvroRegistrySerde<InferenceRequest> requests = RegistrySerdes.specific(InferenceRequest.class,
                        registryConfig, false);
                Answers answers = new Answers(broker, registryConfig, group)) {
            // Each instance its own transactional id: only the group's generation can fence the stuck one.
            InferenceLoop zombie = InferenceLoop.create(zombieConfig(broker, registryConfig, group, "a"), stuck,
                    stuckMeters, () -> true);
            InferenceLoop successor = InferenceLoop.create(zombieConfig(broker, registryConfig, group, "b"), healthy,
                    new SimpleMeterRegistry(), () -> true);
            try {
                zombie.start();
                for (int i = 0; i < 12; i++) {
                    ids.add(group + "-" + i);
                    send(producer, requests, request(group + "-" + i, "text " + i));
                }
                producer.flush();
                assertThat(stuck.awaitCalled(WAIT)).as("the first instance is scoring").isTrue();
                // Stuck past max.poll.interval.ms: it leaves the group and the successor takes every partition.
                successor.start();
                await().atMost(WAIT).until(() -> answers.poll() && answers.predictions.size() >= ids.size());

                release.countDown();
                await().atMost(WAIT).until(() -> count(stuckMeters, InferenceMetrics.ABORTED) >= 1);
                answers.poll();
            } finally {
                release.countDown();
                zombie.close();
                successor.close();
            }
            assertThat(answers.predictions).extracting(InferencePrediction::getId)
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(answers.predictions).extracting(InferencePrediction::getModelVersion)
                    .containsOnly("ckpt-healthy");
            assertThat(count(stuckMeters, InferenceMetrics.REQUESTS)).as("nothing committed by the stuck one")
                    .isZero();
        }
    }

    private static ServeConfig zombieConfig(KafkaBroker broker, Map<String, Object> registryConfig, String group,
            String instance) {
        Map<String, Object> originals = new HashMap<>(config(broker, registryConfig, group).originals());
        originals.put(ServeConfig.INFERENCE_TRANSACTIONAL_ID_CONFIG, group + "-tx-" + instance);
        originals.put(ServeConfig.CLIENT_PREFIX + ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "6000");
        return new ServeConfig(originals);
    }

    static ServeConfig config(KafkaBroker broker, Map<String, Object> registryConfig, String group) {
        Map<String, Object> originals = new HashMap<>(registryConfig);
        originals.put(ServeConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        originals.put(ServeConfig.CHECKPOINT_DIR_CONFIG, "/nonexistent/checkpoints");
        originals.put(ServeConfig.TASKS_CONFIG, "spam");
        originals.put(ServeConfig.INFERENCE_ENABLED_CONFIG, "true");
        originals.put(ServeConfig.INFERENCE_GROUP_ID_CONFIG, group);
        originals.put(ServeConfig.INFERENCE_TRANSACTIONAL_ID_CONFIG, group + "-tx");
        originals.put(ServeConfig.INFERENCE_MAX_BATCH_CONFIG, "8");
        originals.put(ServeConfig.INFERENCE_MAX_TEXT_CHARS_CONFIG, "200");
        originals.put(ServeConfig.RETRY_BACKOFF_MS_CONFIG, "200");
        return new ServeConfig(originals);
    }

    static InferenceRequest request(String id, String text) {
        return InferenceRequest.newBuilder().setId(id).setTask("spam").setText(text).build();
    }

    static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    static void send(KafkaProducer<String, byte[]> producer, AvroRegistrySerde<InferenceRequest> serde,
            InferenceRequest request) {
        String topic = Topics.INFERENCE_REQUESTS.name();
        producer.send(new ProducerRecord<>(topic, request.getId(), serde.serializer().serialize(topic, request)));
    }

    private static double count(MeterRegistry meters, String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /**
     * What a downstream read_committed consumer sees on the predictions and dead-letter topics, of the requests keyed
     * with this test's prefix (the broker outlives each test's registry, so other tests' records do not decode).
     */
    static final class Answers implements AutoCloseable {
        final List<InferencePrediction> predictions = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        private final AvroRegistrySerde<InferencePrediction> predictionSerde;
        private final AvroRegistrySerde<DeadLetter> deadLetterSerde;
        private final KafkaConsumer<String, byte[]> consumer;
        private final String keyPrefix;

        Answers(KafkaBroker broker, Map<String, Object> registryConfig, String keyPrefix) {
            this.keyPrefix = keyPrefix;
            predictionSerde = RegistrySerdes.specific(InferencePrediction.class, registryConfig, false);
            deadLetterSerde = RegistrySerdes.specific(DeadLetter.class, registryConfig, false);
            consumer = CommittedReaders.subscribe(broker.bootstrapServers(), "answers-" + UUID.randomUUID(),
                    List.of(Topics.INFERENCE_PREDICTIONS.name(), Topics.INFERENCE_REQUESTS_DLQ.name()));
        }

        /** Reads what arrived; always true, for use in a condition. */
        boolean poll() {
            Deserializer<InferencePrediction> predictions = predictionSerde.deserializer();
            Deserializer<DeadLetter> letters = deadLetterSerde.deserializer();
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (r.key() == null || !r.key().startsWith(keyPrefix)) {
                    return;
                }
                if (r.topic().equals(Topics.INFERENCE_PREDICTIONS.name())) {
                    this.predictions.add(predictions.deserialize(r.topic(), r.value()));
                } else {
                    deadLetters.add(letters.deserialize(r.topic(), r.value()));
                }
            });
            return true;
        }

        @Override
        public void close() {
            consumer.close();
            predictionSerde.close();
            deadLetterSerde.close();
        }
    }
}
