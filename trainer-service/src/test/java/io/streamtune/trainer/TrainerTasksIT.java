package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import io.streamtune.schemas.TaskTraining;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.tasks.TaskSpecs;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.MetricsEndpoint;
import io.streamtune.testkit.TaskSpecWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * A trainer with no static tasks follows the tasks topic live, on the real broker and registry: a task created
 * there is trained with its own checkpoint cadence, a changed learning rate applies from the next shard, a paused
 * task checkpoints no more while its shards keep coming, a deleted one's next shard is dead-lettered as
 * UNKNOWN_TASK.
 */
class TrainerTasksIT extends TrainerHarness {

    private static final String TASK = "support_tickets-v2";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void shouldTrainATaskCreatedOnTheTopicAndStopWhenPausedOrDeleted(KafkaBroker broker) throws Exception {
        CommittedReader.freshTrainerTopics(broker);
        // The trainer's own cadence would never checkpoint here: the spec's (2 shards) must apply.
        TrainerService trainer = start(broker, Map.of("checkpoint.every.shards", "1000",
                "checkpoint.every.ms", "600000"));
        MetricsEndpoint metrics = MetricsEndpoint.at(trainer.metricsPort());
        Serializer<TrainingShard> shards = RegistrySerdes.specific(TrainingShard.class, registry.clientConfig(), false)
                .serializer();
        TaskSpec active = TaskSpecs.of(TASK, TestShards.LABELS.labels(), Instant.now())
                .setTraining(TaskTraining.newBuilder().setCheckpointEveryShards(2).build()).build();
        List<CheckpointEvent> events = new ArrayList<>();
        try (TaskSpecWriter specs = new TaskSpecWriter(broker.bootstrapServers(), registry.clientConfig());
                KafkaProducer<String, byte[]> producer = producer(broker);
                KafkaConsumer<String, CheckpointEvent> checkpoints =
                        CommittedReader.subscribe(broker, registry, Topics.CHECKPOINTS);
                KafkaConsumer<String, DeadLetter> deadLetters =
                        CommittedReader.subscribe(broker, registry, Topics.SHARDS_DLQ)) {
            specs.write(active);
            List<String> trained = new ArrayList<>();
            sendAndAwaitCheckpoints(producer, shards, List.of(0, 1), trained, checkpoints, events);
            assertThat(events).singleElement().satisfies(e -> assertThat(e.getTask()).isEqualTo(TASK));

            // A changed learning rate applies from the next shard, which resumes from the checkpoint.
            TaskSpec faster = TaskSpec.newBuilder(active).setTraining(TaskTraining.newBuilder(active.getTraining())
                    .setLearningRate(0.01).build()).build();
            specs.write(faster);
            awaitSpecVersions(metrics, "applied", 2);
            sendAndAwaitCheckpoints(producer, shards, List.of(2, 3), trained, checkpoints, events);
            assertThat(events.get(1).getHyperParameters()).containsEntry("learningRate", "0.01");
            assertThat(events.get(1).getParentCheckpointId()).isEqualTo(events.get(0).getCheckpointId());

            specs.write(TaskSpec.newBuilder(faster).setState(TaskState.PAUSED).build());
            awaitSpecVersions(metrics, "applied", 3);
            for (int i = 4; i < 8; i++) {
                send(producer, shards, TestShards.shard(TASK, i, 8), new ArrayList<>());
            }
            producer.flush();
            await().atMost(WAIT).untilAsserted(() -> assertThat(metrics.metrics()).contains(
                    "streamtune_trainer_shards_skipped_total{reason=\"paused\",task=\"" + TASK + "\"} 4.0"));

            specs.delete(TASK);
            awaitSpecVersions(metrics, "deleted", 1);
            send(producer, shards, TestShards.shard(TASK, 8, 8), new ArrayList<>());
            producer.flush();
            List<DeadLetter> letters = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                deadLetters.poll(Duration.ofMillis(300)).forEach(r -> letters.add(r.value()));
                assertThat(letters).singleElement().satisfies(letter -> {
                    assertThat(letter.getReasonCode()).isEqualTo("UNKNOWN_TASK");
                    assertThat(letter.getReasonText()).contains(TASK + "-shard-8");
                });
            });
            checkpoints.poll(Duration.ofMillis(500)).forEach(r -> events.add(r.value()));
            assertThat(events).as("no checkpoint while paused or after the delete").hasSize(2);
        }
    }

    /** Sends the task's shards {@code indexes} and waits until checkpoints cover exactly the shards sent so far. */
    private static void sendAndAwaitCheckpoints(KafkaProducer<String, byte[]> producer,
            Serializer<TrainingShard> shards, List<Integer> indexes, List<String> trained,
            KafkaConsumer<String, CheckpointEvent> checkpoints, List<CheckpointEvent> events) {
        indexes.forEach(index -> send(producer, shards, TestShards.shard(TASK, index, 8), trained));
        producer.flush();
        await().atMost(WAIT).untilAsserted(() -> {
            checkpoints.poll(Duration.ofMillis(300)).forEach(r -> events.add(r.value()));
            assertThat(shardIds(events)).containsExactlyElementsOf(trained);
        });
    }

    /** Waits until the trainer's catalog has taken {@code count} spec versions with that outcome. */
    private static void awaitSpecVersions(MetricsEndpoint metrics, String outcome, int count) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(metrics.metrics()).contains(
                "streamtune_task_spec_versions_total{outcome=\"" + outcome + "\",service=\"trainer\"} " + count
                        + ".0"));
    }
}
