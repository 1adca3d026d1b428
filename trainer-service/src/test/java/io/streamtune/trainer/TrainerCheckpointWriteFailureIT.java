package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.Topics;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.MetricsEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints are written in the background while training goes on. A write that fails there must announce
 * nothing, leave nothing in the store, and have its shards trained again, then checkpointed once the store
 * works again: exactly once, as for a failed transaction.
 */
class TrainerCheckpointWriteFailureIT extends TrainerHarness {

    private static final Pattern TRAINED = Pattern.compile(
            "streamtune_trainer_shards_trained_total\\{[^}]*task=\"spam\"[^}]*} ([0-9.E+]+)");
    private static final Pattern WRITE_FAILURES = Pattern.compile(
            "streamtune_trainer_checkpoint_failures_total\\{[^}]*stage=\"write\"[^}]*task=\"spam\"[^}]*} ([0-9.E+]+)");

    @Test
    void shouldAnnounceNothingAndTrainTheShardsAgainWhenABackgroundWriteFails(KafkaBroker broker) throws Exception {
        CommittedReader.freshTrainerTopics(broker);
        // A file where the store makes its task's temporary folder: every write of task spam fails in begin().
        Path blocker = dir.resolve("checkpoints").resolve(".tmp").resolve("spam");
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "not a folder");
        Serializer<TrainingShard> shards = RegistrySerdes.specific(TrainingShard.class, registry.clientConfig(), false)
                .serializer();
        List<String> expected = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            send(producer, shards, TestShards.shard("spam", 0, 12), expected);
            send(producer, shards, TestShards.shard("spam", 1, 12), expected);
            producer.flush();
        }
        TrainerService trainer = start(broker, Map.of(), "spam");
        MetricsEndpoint metrics = MetricsEndpoint.at(trainer.metricsPort());

        List<CheckpointEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, CheckpointEvent> checkpoints =
                CommittedReader.subscribe(broker, registry, Topics.CHECKPOINTS)) {
            // Both shards trained, the write failed, the partition rewound and both trained again (and again).
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300))
                    .failFast("the trainer stopped", () -> !trainer.isRunning())
                    .until(() -> counter(metrics, TRAINED) >= 2 * expected.size() + 1);
            checkpoints.poll(Duration.ofSeconds(2)).forEach(r -> events.add(r.value()));
            assertThat(events).isEmpty();
            assertThat(counter(metrics, WRITE_FAILURES)).as("failed writes counted").isGreaterThanOrEqualTo(1);
            assertThat(trainer.isRunning()).isTrue();

            Files.delete(blocker);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                checkpoints.poll(Duration.ofMillis(300)).forEach(r -> events.add(r.value()));
                assertThat(shardIds(events)).containsExactlyElementsOf(expected);
            });
        }
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        assertThat(store.list()).containsExactlyElementsOf(events.stream().map(CheckpointEvent::getLocation).toList());
    }

    private static double counter(MetricsEndpoint metrics, Pattern counter) {
        Matcher matcher = counter.matcher(metrics.metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
