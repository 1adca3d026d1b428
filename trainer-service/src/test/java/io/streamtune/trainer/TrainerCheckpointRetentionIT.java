package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.Topics;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.KafkaBroker;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint retention end to end (real KRaft broker, real schema registry, the tiny model), with decisions
 * published as the evaluator publishes them: the champions, the newest and those awaiting evaluation are kept,
 * partial writes removed, and a restarted trainer resumes from the newest.
 */
class TrainerCheckpointRetentionIT extends TrainerHarness {

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
}
