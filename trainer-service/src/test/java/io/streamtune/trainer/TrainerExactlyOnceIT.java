package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.Topics;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.ShardLineage;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.MetricsEndpoint;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The trainer end to end: real KRaft broker, real schema registry, the tiny model. Two tasks share one shards
 * partition with bad shards in between; a graceful restart in the middle. Every good shard must appear in exactly
 * one committed checkpoint event, in a parent chain per task, every bad one in the dead-letter topic.
 */
class TrainerExactlyOnceIT extends TrainerHarness {

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
                "streamtune_trainer_shards_dead_lettered_total{reason=\"UNKNOWN_LABEL\",task=\"news\"} 1.0",
                "streamtune_trainer_shards_dead_lettered_total{reason=\"UNKNOWN_TASK\",task=\"(unknown)\"} 1.0");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("UP");
    }

    private static TrainingShard withLabel(TrainingShard shard, String label) {
        List<ShardExample> examples = new ArrayList<>(shard.getExamples());
        examples.set(0, ShardExample.newBuilder(examples.get(0)).setLabel(label).build());
        return TrainingShard.newBuilder(shard).setExamples(examples).build();
    }

    private static int index(String shardId) {
        return Integer.parseInt(shardId.substring(shardId.lastIndexOf('-') + 1));
    }
}
