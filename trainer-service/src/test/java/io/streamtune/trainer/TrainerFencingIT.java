package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.trainer.core.ShardResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer whose task's transactional id is taken over by another producer between training and committing (a
 * zombie): the commit fails as fenced, which is fatal, so the trainer stops and commits nothing, as the evaluator
 * does (see {@code TransactionErrors}).
 */
@ExtendWith(KafkaBrokerExtension.class)
class TrainerFencingIT {

    private static final String GROUP = "trainer-fencing-it";

    @TempDir
    Path dir;

    private EmbeddedRegistry registry;
    private TrainerService trainer;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedRegistry.builder(dir.resolve("registry")).build().start();
    }

    @AfterEach
    void stopAll() {
        if (trainer != null) {
            trainer.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldStopAndCommitNothingWhenAnotherOwnerFencedTheTaskBeforeItsCheckpointCommitted(KafkaBroker broker)
            throws Exception {
        CommittedReader.freshTrainerTopics(broker);
        Serializer<TrainingShard> shards = RegistrySerdes.specific(TrainingShard.class, registry.clientConfig(), false)
                .serializer();
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = TrainerHarness.producer(broker)) {
            TrainerHarness.send(producer, shards, TestShards.shard("spam", 0, 12), sent);
            TrainerHarness.send(producer, shards, TestShards.shard("spam", 1, 12), sent);
        }
        TrainerConfig config = config(broker);
        AtomicBoolean fenced = new AtomicBoolean();
        // Runs on the trainer's thread right before the checkpoint of the second shard is due.
        TrainerMilestones fenceOnce = new TrainerMilestones() {
            @Override
            public void onShardTrained(String task, ShardResult result) {
                if (result.shardId().equals("spam-shard-1") && fenced.compareAndSet(false, true)) {
                    fence(broker, config.transactionalId(task));
                }
            }
        };

        trainer = TrainerService.start(config, fenceOnce, Clock.systemUTC());

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> !trainer.isRunning());
        assertThat(fenced).isTrue();
        assertThat(trainer.awaitTermination()).as("stopped because it failed").isTrue();
        assertNothingCommitted(broker);
    }

    private void assertNothingCommitted(KafkaBroker broker) throws Exception {
        try (KafkaConsumer<String, CheckpointEvent> checkpoints = CommittedReader.subscribe(broker, registry,
                Topics.CHECKPOINTS)) {
            List<CheckpointEvent> events = new ArrayList<>();
            // The checkpoints topic has a commit marker at most: read until the consumer is at its end.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                checkpoints.poll(Duration.ofMillis(300)).forEach(r -> events.add(r.value()));
                assertThat(checkpoints.assignment()).isNotEmpty();
                checkpoints.assignment().forEach(p -> assertThat(checkpoints.currentLag(p)).hasValue(0));
            });
            assertThat(events).isEmpty();
        }
        try (Admin admin = broker.admin()) {
            assertThat(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }

    private static void fence(KafkaBroker broker, String transactionalId) {
        try (KafkaProducer<String, byte[]> zombieKiller = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new StringSerializer(),
                new ByteArraySerializer())) {
            zombieKiller.initTransactions();
        }
    }

    private TrainerConfig config(KafkaBroker broker) {
        Map<String, Object> config = CommittedReader.trainerConfig(broker, registry, dir, GROUP, "spam");
        // Only the shard count makes the checkpoint due: right after the listener fenced the task.
        config.put("checkpoint.every.ms", "600000");
        return new TrainerConfig(config);
    }
}
