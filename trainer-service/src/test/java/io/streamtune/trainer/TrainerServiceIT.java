package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.Topics;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.ShardLineage;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.testkit.MetricsEndpoint;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer end to end: real KRaft broker, real schema registry, the tiny model. Two tasks share one shards
 * partition with bad shards in between; a graceful restart in the middle. Every good shard must appear in exactly
 * one committed checkpoint event, in a parent chain per task, every bad one in the dead-letter topic. And checkpoint
 * retention, with decisions published as the evaluator publishes them.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class TrainerServiceIT {

    private static final String GROUP = "trainer-it";

    @TempDir
    Path dir;

    private EmbeddedRegistry registry;
    private final List<TrainerService> trainers = new ArrayList<>();

    @BeforeEach
    void useRegistry(EmbeddedRegistry registry) {
        this.registry = registry;
    }

    @AfterEach
    void stopAll() {
        trainers.forEach(TrainerService::close);
    }

    @Test
    void shouldTrainEveryShardExactlyOnceAcrossARestartAndDeadLetterBadOnes(KafkaBroker broker) throws Exception {
        CommittedReader.freshTrainerTopics(broker);
        Serializer<TrainingShard> shards = RegistrySerdes.specific(TrainingShard.class, registry.clientConfig(), false)
                .serializer();
        List<String> expected = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            // Both tasks on partition 0, interleaved, bad shards in between.
            for (int i = 0; i < 4; i++) {
                send(producer, shards, TestShards.shard("spam", i, 12), expected);
                send(producer, shards, TestShards.shard("news", i, 10), expected);
            }
            producer.send(new ProducerRecord<>(Topics.SHARDS.name(), 0, "spam", new byte[] {0, 0, 0, 0, 9, 1, 2}));
            producer.send(new ProducerRecord<>(Topics.SHARDS.name(), 0, "spam", null));
            TrainingShard empty = TrainingShard.newBuilder(TestShards.shard("spam", 90, 1)).setExamples(List.of())
                    .build();
            producer.send(new ProducerRecord<>(Topics.SHARDS.name(), 0, "spam", shards.serialize("shards", empty)));
            TrainingShard badLabel = withLabel(TestShards.shard("news", 91, 4), "phishing");
            producer.send(new ProducerRecord<>(Topics.SHARDS.name(), 0, "news", shards.serialize("shards", badLabel)));
            TrainingShard unknownTask = TestShards.shard("fraud", 92, 4);
            producer.send(new ProducerRecord<>(Topics.SHARDS.name(), 0, "fraud",
                    shards.serialize("shards", unknownTask)));
            send(producer, shards, TestShards.shard("spam", 4, 12), expected);
            producer.flush();
        }

        TrainerService first = start(broker, Map.of());
        List<CheckpointEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, CheckpointEvent> checkpoints =
                CommittedReader.subscribe(broker, registry, Topics.CHECKPOINTS)) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                checkpoints.poll(Duration.ofMillis(300)).forEach(r -> events.add(r.value()));
                assertThat(shardIds(events)).containsExactlyInAnyOrderElementsOf(expected);
            });
            assertMetricsAndHealth(first);
            first.close();

            // More shards while the trainer is down; the restarted one resumes from the committed checkpoints.
            try (KafkaProducer<String, byte[]> producer = producer(broker)) {
                for (int i = 5; i < 8; i++) {
                    send(producer, shards, TestShards.shard("spam", i, 12), expected);
                    send(producer, shards, TestShards.shard("news", i, 10), expected);
                }
            }
            start(broker, Map.of());
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                checkpoints.poll(Duration.ofMillis(300)).forEach(r -> events.add(r.value()));
                assertThat(shardIds(events)).containsExactlyInAnyOrderElementsOf(expected);
            });
        }

        assertParentChainsAndStoredContent(events);
        assertOffsetsCommittedToTheEnd(broker);
        assertDeadLetters(broker);
    }

    @Test
    void shouldKeepOnlyChampionsNewestAndPendingCheckpointsAndRemovePartialWrites(KafkaBroker broker)
            throws Exception {
        CommittedReader.freshTrainerTopics(broker);
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        // What a trainer killed in the middle of a write leaves behind; removed when the task is taken over.
        CheckpointStore.PendingCheckpoint killed = store.begin("spam/000000000000-0000dead");
        try (OutputStream out = killed.create(Checkpoints.PARAMETERS)) {
            out.write(new byte[4096]);
        }
        Map<String, String> retention = Map.of("group.id", "trainer-retention-it", "checkpoint.every.shards", "1",
                "checkpoint.retention.newest", "2", "checkpoint.retention.champions", "1");
        TrainerService trainer = start(broker, retention);
        List<CheckpointEvent> events = new ArrayList<>();
        try (OneShardAtATime shards = new OneShardAtATime(broker, events);
                EvaluatorDecisions decisions = new EvaluatorDecisions(broker, registry)) {
            shards.train(0, 6);
            // Nothing evaluated yet: every checkpoint awaits its evaluation, none is deleted.
            assertThat(store.list()).containsExactlyElementsOf(locations(events, List.of(0, 1, 2, 3, 4, 5)));
            try (Stream<Path> partial = Files.walk(dir.resolve("checkpoints/.tmp"))) {
                assertThat(partial.filter(Files::isRegularFile)).isEmpty();
            }

            // Checkpoints 1 and 3 were promoted, then an operator rolled back to 0; all six were evaluated.
            Instant t = Instant.now();
            for (int i = 0; i < 6; i++) {
                decisions.evaluated(events.get(i), i == 1 || i == 3, t.plusSeconds(i));
            }
            decisions.promoted(events.get(1), "PROMOTION", t.plusSeconds(1));
            decisions.promoted(events.get(3), "PROMOTION", t.plusSeconds(3));
            decisions.promoted(events.get(0), "ROLLBACK", t.plusSeconds(10));
            decisions.flush();
            shards.train(6, 10);
            // Champion 0, the last champion before it 3 (N = 1), newest 8 and 9 (K = 2), 6..9 not evaluated yet.
            awaitStored(store, locations(events, List.of(0, 3, 6, 7, 8, 9)));

            for (int i = 6; i < 10; i++) {
                decisions.evaluated(events.get(i), false, t.plusSeconds(20 + i));
            }
            decisions.flush();
            shards.train(10, 11);
            awaitStored(store, locations(events, List.of(0, 3, 9, 10)));
        }
        for (int kept : List.of(0, 3, 9, 10)) {
            assertLoadsAsTheEvaluatorLoadsIt(store, events.get(kept));
        }
        assertThat(dir.resolve("checkpoints").resolve(events.get(0).getLocation()).resolve(Checkpoints.FIRST_MOMENTS))
                .as("the champion's optimizer state is dropped").doesNotExist();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(trainer.registry().scrape()).contains(
                "streamtune_trainer_checkpoints_deleted_total{task=\"spam\"} 7.0",
                "streamtune_trainer_checkpoint_store_checkpoints 4.0", "streamtune_trainer_checkpoint_store_bytes"));

        // The newest kept its optimizer state: a restarted trainer resumes from it.
        trainer.close();
        start(broker, retention);
        try (OneShardAtATime shards = new OneShardAtATime(broker, events)) {
            shards.train(11, 12);
        }
        assertThat(events.get(11).getParentCheckpointId()).isEqualTo(events.get(10).getCheckpointId());
    }

    /** Sends spam shards one at a time and waits for each one's checkpoint event (one checkpoint per shard). */
    private final class OneShardAtATime implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<String, CheckpointEvent> checkpoints;
        private final Serializer<TrainingShard> serializer;
        private final List<CheckpointEvent> events;

        OneShardAtATime(KafkaBroker broker, List<CheckpointEvent> events) {
            this.producer = producer(broker);
            this.checkpoints = CommittedReader.subscribe(broker, registry, Topics.CHECKPOINTS);
            this.serializer = RegistrySerdes.specific(TrainingShard.class, registry.clientConfig(), false)
                    .serializer();
            this.events = events;
        }

        void train(int from, int to) {
            for (int i = from; i < to; i++) {
                send(producer, serializer, TestShards.shard("spam", i, 8), new ArrayList<>());
                producer.flush();
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    checkpoints.poll(Duration.ofMillis(300)).forEach(r -> {
                        // A consumer that reads from the beginning sees the events already known again.
                        if (events.stream().noneMatch(e -> e.getCheckpointId().equals(r.value().getCheckpointId()))) {
                            events.add(r.value());
                        }
                    });
                    assertThat(events).hasSize(expected);
                });
            }
        }

        @Override
        public void close() {
            producer.close();
            checkpoints.close();
        }
    }

    /** Retention runs right after the commit that makes the event visible: wait for it. */
    private static void awaitStored(CheckpointStore store, List<String> kept) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(store.list()).containsExactlyElementsOf(kept));
    }

    private static List<String> locations(List<CheckpointEvent> events, List<Integer> indexes) {
        return indexes.stream().map(i -> events.get(i).getLocation()).sorted().toList();
    }

    /** As the evaluator does: the content hash the event announced, then every file it reads verified. */
    private static void assertLoadsAsTheEvaluatorLoadsIt(CheckpointStore store, CheckpointEvent event)
            throws Exception {
        assertThat(Checkpoints.readMetadata(store, event.getLocation()).contentHash())
                .isEqualTo(event.getContentHash());
        try (TextClassifier classifier = Checkpoints.loadClassifier(store, event.getLocation(), "cpu")) {
            assertThat(classifier.predictProbabilities(List.of("win free cash now"), 1)).hasSize(1);
        }
    }

    private void assertParentChainsAndStoredContent(List<CheckpointEvent> events) throws Exception {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        Map<String, List<CheckpointEvent>> byTask = events.stream()
                .collect(Collectors.groupingBy(CheckpointEvent::getTask));
        assertThat(byTask).containsOnlyKeys("spam", "news");
        byTask.forEach((task, chain) -> {
            assertThat(chain.get(0).getParentCheckpointId()).isNull();
            for (int i = 1; i < chain.size(); i++) {
                assertThat(chain.get(i).getParentCheckpointId()).isEqualTo(chain.get(i - 1).getCheckpointId());
                assertThat(chain.get(i).getGlobalStep()).isGreaterThan(chain.get(i - 1).getGlobalStep());
            }
            // Lineage in shard order, so the model is base + shards 0, 1, 2, ... of the task.
            List<String> order = chain.stream().flatMap(e -> e.getShards().stream()).map(ShardLineage::getShardId)
                    .toList();
            assertThat(order).isEqualTo(order.stream().sorted((a, b) -> Integer.compare(index(a), index(b))).toList());
        });
        assertThat(store.list()).containsExactlyInAnyOrderElementsOf(events.stream().map(CheckpointEvent::getLocation)
                .toList());
        for (CheckpointEvent event : events) {
            assertThat(Checkpoints.readMetadata(store, event.getLocation()).contentHash())
                    .isEqualTo(event.getContentHash());
            assertThat(event.getShards()).allSatisfy(s -> {
                assertThat(s.getShardOffset().getTopic()).isEqualTo(Topics.SHARDS.name());
                assertThat(s.getSourceRanges()).isNotEmpty();
            });
        }
    }

    private static void assertOffsetsCommittedToTheEnd(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            TopicPartition partition = new TopicPartition(Topics.SHARDS.name(), 0);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                        .get().get(partition);
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition)
                        .offset();
                assertThat(committed).isNotNull();
                assertThat(committed.offset()).isEqualTo(end);
            });
        }
    }

    private void assertDeadLetters(KafkaBroker broker) {
        try (KafkaConsumer<String, DeadLetter> consumer = CommittedReader.subscribe(broker, registry,
                Topics.SHARDS_DLQ)) {
            List<DeadLetter> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> letters.add(r.value()));
                // Exactly once here: the restart resumed from offsets committed after them.
                assertThat(letters).extracting(DeadLetter::getReasonCode)
                        .containsExactlyInAnyOrder("UNKNOWN_SCHEMA_ID", "NO_VALUE", "EMPTY_SHARD", "UNKNOWN_LABEL",
                                "UNKNOWN_TASK");
            });
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.getSourceTopic()).isEqualTo(Topics.SHARDS.name());
                assertThat(letter.getOriginalValue() != null || letter.getReasonCode().equals("NO_VALUE")).isTrue();
                assertThat(letter.getReasonText()).isNotBlank();
            });
            assertThat(letters).filteredOn(l -> l.getReasonCode().equals("UNKNOWN_LABEL")).singleElement()
                    .satisfies(l -> assertThat(l.getReasonText()).contains("phishing"));
        }
    }

    private static void assertMetricsAndHealth(TrainerService trainer) {
        MetricsEndpoint endpoint = MetricsEndpoint.at(trainer.metricsPort());
        String metrics = endpoint.metrics();
        HttpResponse<String> health = endpoint.get("/health");
        assertThat(metrics).contains("streamtune_trainer_train_loss{task=\"spam\"}",
                "streamtune_trainer_examples_per_second{task=\"news\"}",
                "streamtune_trainer_shards_behind{partition=\"0\"}",
                "streamtune_trainer_checkpoint_duration_seconds_count{task=\"spam\"}",
                "streamtune_trainer_shards_dead_lettered_total{reason=\"UNKNOWN_LABEL\"} 1.0");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("UP");
    }

    private TrainerService start(KafkaBroker broker, Map<String, String> overrides) throws InterruptedException {
        Map<String, Object> config = CommittedReader.trainerConfig(broker, registry, dir, GROUP, "spam", "news");
        config.putAll(overrides);
        TrainerService trainer = TrainerService.start(new TrainerConfig(config));
        trainers.add(trainer);
        return trainer;
    }

    static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    static void send(KafkaProducer<String, byte[]> producer, Serializer<TrainingShard> serializer,
            TrainingShard shard, List<String> expected) {
        producer.send(new ProducerRecord<>(Topics.SHARDS.name(), 0, shard.getTask(),
                serializer.serialize(Topics.SHARDS.name(), shard)));
        expected.add(shard.getShardId());
    }

    private static TrainingShard withLabel(TrainingShard shard, String label) {
        List<ShardExample> examples = new ArrayList<>(shard.getExamples());
        examples.set(0, ShardExample.newBuilder(examples.get(0)).setLabel(label).build());
        return TrainingShard.newBuilder(shard).setExamples(examples).build();
    }

    /** Every shard id in the events, duplicates kept (so "exactly once" is checked, not just "at least once"). */
    static List<String> shardIds(List<CheckpointEvent> events) {
        return events.stream().flatMap(e -> e.getShards().stream()).map(ShardLineage::getShardId).toList();
    }

    private static int index(String shardId) {
        return Integer.parseInt(shardId.substring(shardId.lastIndexOf('-') + 1));
    }
}
