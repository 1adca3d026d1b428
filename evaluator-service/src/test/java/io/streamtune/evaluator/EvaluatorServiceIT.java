package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.gate.Threshold;
import io.streamtune.evaluator.ops.PromotionKind;
import io.streamtune.evaluator.ops.PromotionsReader;
import io.streamtune.evaluator.ops.Rollback;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.ThresholdResult;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.testkit.MetricsEndpoint;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator end to end with real parts: KRaft broker, schema registry (Apicurio) and wire format, tiny but real
 * DJL checkpoints in a directory store. One story, since the topics are shared: a better and a worse checkpoint
 * (exactly one promotion, reasons on both), a restart over a crashed evaluator's open transaction (no duplicate
 * promotion), and an operator's rollback that downstream subscribers and the evaluator take as the champion.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class EvaluatorServiceIT {

    private static final String TASK = TestModels.TASK;
    private static final String RULES = "macro_f1 >= 0.6; macro_f1 >= champion - 0.05";
    private static final String TRANSACTIONAL_ID = "evaluator-it";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static EmbeddedRegistry registry;
    private static DirectoryCheckpointStore store;
    private static CheckpointMetadata good;
    private static CheckpointMetadata bad;
    private static CheckpointMetadata goodToo;

    private final List<EvaluatorService> services = new ArrayList<>();

    @BeforeAll
    static void startRegistryAndTrainCheckpoints(EmbeddedRegistry classRegistry) {
        registry = classRegistry;
        store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        good = TestModels.trainAndSave(store, "spam/good", false);
        bad = TestModels.trainAndSave(store, "spam/bad", true);
        goodToo = TestModels.trainAndSave(store, "spam/good-too", false, 11);
    }

    @AfterEach
    void stopServices() {
        services.forEach(EvaluatorService::close);
    }

    @Test
    void shouldPromoteOnceRecoverFromACrashWithoutDuplicatesAndFollowARollback(KafkaBroker broker) throws Exception {
        Map<String, Object> registryConfig = registry.clientConfig();
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(EvaluatorService.TOPICS);
        }
        try (KafkaProducer<String, byte[]> producer = plainProducer(broker);
                AvroRegistrySerde<LabeledExample> examples = serde(LabeledExample.class);
                AvroRegistrySerde<CheckpointEvent> checkpoints = serde(CheckpointEvent.class);
                Output output = new Output(broker)) {
            for (LabeledExample example : TestModels.examples("val-", 90, 4)) {
                send(producer, Topics.EXAMPLES_VALIDATION.name(), examples.serializer(), example);
            }

            // 1. A better and a worse checkpoint: exactly one promotion, a reason on each evaluation.
            EvaluatorService first = start(broker, "first");
            // A record that is no checkpoint at all is skipped (and counted), not fatal.
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), TASK,
                    "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
            send(producer, Topics.CHECKPOINTS.name(), checkpoints.serializer(), event("good", good));
            send(producer, Topics.CHECKPOINTS.name(), checkpoints.serializer(), event("bad", bad));
            await().atMost(WAIT).untilAsserted(() -> assertThat(output.poll().evaluations).hasSize(2));

            EvaluationEvent promoted = output.evaluation("good");
            assertThat(promoted.getPromoted()).isTrue();
            assertThat(promoted.getChampionCheckpointId()).isNull();
            assertThat(promoted.getReason()).startsWith("promoted over base model: macro_f1 ");
            assertThat(promoted.getThresholds()).hasSize(2).allMatch(ThresholdResult::getPassed);
            assertThat(promoted.getCandidate().getExamples()).isEqualTo(80);
            assertThat(promoted.getCandidateAnchor().getExamples()).isEqualTo(10);

            EvaluationEvent rejected = output.evaluation("bad");
            assertThat(rejected.getPromoted()).isFalse();
            assertThat(rejected.getOutcome()).isEqualTo("THRESHOLD_FAILED");
            assertThat(rejected.getChampionCheckpointId()).isEqualTo("good");
            assertThat(rejected.getThresholds()).noneMatch(ThresholdResult::getPassed);
            String candidateF1 = Threshold.format(rejected.getCandidate().getMacroF1());
            String championF1 = Threshold.format(rejected.getChampion().getMacroF1());
            assertThat(rejected.getChampion().getMacroF1()).isEqualTo(promoted.getCandidate().getMacroF1());
            assertThat(rejected.getReason()).isEqualTo("rejected against good: macro_f1 " + candidateF1 + " < 0.6; "
                    + "macro_f1 " + candidateF1 + " < champion " + championF1 + " - 0.05 = "
                    + Threshold.format(rejected.getChampion().getMacroF1() - 0.05));

            await().atMost(WAIT).untilAsserted(() -> assertThat(output.poll().promotions).isNotEmpty());
            assertThat(output.poll().promotions).extracting(PromotionEvent::getModelVersion).containsExactly("good");
            assertMetricsAndHealth(first);
            first.close();

            // 2. A crash: an evaluator with the same transactional id sent a promotion of good-too but died before
            //    committing it with the checkpoint's offset. The restarted evaluator must abort that transaction
            //    and judge good-too again, so subscribers see its promotion exactly once.
            send(producer, Topics.CHECKPOINTS.name(), checkpoints.serializer(), event("good-too", goodToo));
            try (KafkaProducer<String, byte[]> crashed = transactionalProducer(broker);
                    AvroRegistrySerde<PromotionEvent> promotions = serde(PromotionEvent.class)) {
                crashed.initTransactions();
                crashed.beginTransaction();
                PromotionEvent phantom = PromotionEvent.newBuilder(output.promotions.get(0))
                        .setModelVersion("good-too").setLocation(goodToo.id()).setContentHash(goodToo.contentHash())
                        .setPreviousVersion("good").setReason("decided before the crash").build();
                send(crashed, Topics.PROMOTIONS.name(), promotions.serializer(), phantom);
                crashed.flush();

                start(broker, "restarted");
                await().atMost(WAIT).untilAsserted(() -> assertThat(output.poll().evaluations).hasSize(3));
                await().atMost(WAIT).untilAsserted(() -> assertThat(output.poll().promotions).hasSize(2));
            }
            EvaluationEvent rejudged = output.evaluation("good-too");
            assertThat(rejudged.getPromoted()).isTrue();
            assertThat(rejudged.getChampionCheckpointId()).as("champion rebuilt from the topic").isEqualTo("good");
            output.poll(); // nothing more: good and bad were not judged again, good-too once
            assertThat(output.evaluations).extracting(EvaluationEvent::getCheckpointId)
                    .containsExactly("good", "bad", "good-too");
            assertThat(output.promotions).extracting(PromotionEvent::getModelVersion)
                    .containsExactly("good", "good-too");
            assertThat(output.promotions.get(1).getReason()).doesNotContain("before the crash");

            // 3. Rollback: the operator puts good back; subscribers and the evaluator take it as the champion.
            PromotionEvent rollback = new Rollback(clientProperties(broker), registryConfig, Clock.systemUTC())
                    .rollback(TASK, "good", "good-too misroutes invoices in production");
            assertThat(rollback.getKind()).isEqualTo(PromotionKind.ROLLBACK.name());
            assertThat(rollback.getPreviousVersion()).isEqualTo("good-too");
            assertThat(rollback.getLocation()).isEqualTo(good.id());
            try (PromotionsReader reader = new PromotionsReader(clientProperties(broker), registryConfig)) {
                PromotionEvent champion = reader.champion(TASK);
                assertThat(champion.getModelVersion()).isEqualTo("good");
                assertThat(champion.getKind()).isEqualTo("ROLLBACK");
                assertThat(champion.getReason()).isEqualTo("good-too misroutes invoices in production");
                assertThat(PromotionsReader.format(champion)).contains("ROLLBACK", "good", "previous=good-too");
            }
            send(producer, Topics.CHECKPOINTS.name(), checkpoints.serializer(), event("bad-again", bad));
            await().atMost(WAIT).untilAsserted(() -> assertThat(output.poll().evaluations).hasSize(4));
            output.poll();
            assertThat(output.evaluation("bad-again").getChampionCheckpointId()).isEqualTo("good");
            assertThat(output.promotions).extracting(PromotionEvent::getKind)
                    .containsExactly("PROMOTION", "PROMOTION", "ROLLBACK");
        }
    }

    private void assertMetricsAndHealth(EvaluatorService service) {
        MetricsEndpoint endpoint = MetricsEndpoint.at(service.metricsPort());
        String metrics = endpoint.metrics();
        HttpResponse<String> health = endpoint.get("/health");
        assertThat(metrics).contains("streamtune_evaluator_evaluations_total{task=\"spam\"} 2.0",
                "streamtune_evaluator_promotions_total{kind=\"PROMOTION\",task=\"spam\"} 1.0",
                "streamtune_evaluator_rejections_total{reason=\"THRESHOLD_FAILED\",task=\"spam\","
                        + "unavailable=\"none\"} 1.0",
                "streamtune_evaluator_champion_age_seconds{task=\"spam\"}",
                "streamtune_evaluator_checkpoints_undecodable_total 1.0");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private EvaluatorService start(KafkaBroker broker, String name) throws InterruptedException {
        EvaluatorService service = EvaluatorService.start(config(broker, registry.clientConfig(), store, "evaluator-it",
                TRANSACTIONAL_ID, RULES), new TestModels.TinyBase(), Clock.systemUTC());
        services.add(service);
        await(name).atMost(WAIT).until(service::isReady);
        return service;
    }

    /** An evaluator's config for these tests: CPU, free metrics port, a validation set of 10 + 80, 50 needed. */
    static EvaluatorConfig config(KafkaBroker broker, Map<String, Object> registryConfig,
            DirectoryCheckpointStore store, String group, String transactionalId, String gateRules) {
        Map<String, Object> config = new HashMap<>(registryConfig);
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("checkpoint.dir", store.root().toString());
        config.put("group.id", group);
        config.put("transactional.id", transactionalId);
        config.put("gate.rules", gateRules);
        config.put("min.validation.examples", "50");
        config.put("validation.anchor.size", "10");
        config.put("validation.recent.size", "80");
        config.put("device", "cpu");
        config.put("metrics.port", "0");
        return new EvaluatorConfig(config);
    }

    private static CheckpointEvent event(String version, CheckpointMetadata checkpoint) {
        return CheckpointEvent.newBuilder(EvaluatorTest.event(version, checkpoint)).setCreatedAt(Instant.now())
                .build();
    }

    private static Map<String, Object> clientProperties(KafkaBroker broker) {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> AvroRegistrySerde<T> serde(Class<T> type) {
        return RegistrySerdes.specific(type, registry.clientConfig(), false);
    }

    private static <T> void send(KafkaProducer<String, byte[]> producer, String topic,
            org.apache.kafka.common.serialization.Serializer<T> serializer, T value) {
        producer.send(new ProducerRecord<>(topic, TASK, serializer.serialize(topic, value)));
        producer.flush();
    }

    private static KafkaProducer<String, byte[]> plainProducer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** What a downstream subscriber sees: committed evaluations and promotions, in order. */
    private static final class Output implements AutoCloseable {
        final List<EvaluationEvent> evaluations = new ArrayList<>();
        final List<PromotionEvent> promotions = new ArrayList<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final AvroRegistrySerde<EvaluationEvent> evaluationSerde = serde(EvaluationEvent.class);
        private final AvroRegistrySerde<PromotionEvent> promotionSerde = serde(PromotionEvent.class);

        Output(KafkaBroker broker) {
            consumer = CommittedReaders.subscribe(broker.bootstrapServers(), "it-subscriber",
                    List.of(Topics.EVALUATIONS.name(), Topics.PROMOTIONS.name()));
        }

        /** Reads what arrived; other tasks' records (other tests share the topics) are left out. */
        Output poll() {
            consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                if (!TASK.equals(record.key())) {
                    return;
                }
                if (record.topic().equals(Topics.EVALUATIONS.name())) {
                    evaluations.add(evaluationSerde.deserializer().deserialize(record.topic(), record.value()));
                } else {
                    promotions.add(promotionSerde.deserializer().deserialize(record.topic(), record.value()));
                }
            });
            return this;
        }

        EvaluationEvent evaluation(String version) {
            return evaluations.stream().filter(e -> e.getCheckpointId().equals(version)).findFirst().orElseThrow();
        }

        @Override
        public void close() {
            consumer.close();
            evaluationSerde.close();
            promotionSerde.close();
        }
    }
}
