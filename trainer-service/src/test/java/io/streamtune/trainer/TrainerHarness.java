package io.streamtune.trainer;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.ShardLineage;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the trainer's end-to-end tests share, as their base class: a real KRaft broker and a real schema registry,
 * trainers started with the tiny model for static tasks spam and news, or others, or none (all closed after each
 * test), a producer of shards and the shard ids in checkpoint events.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
abstract class TrainerHarness {

    static final String GROUP = "trainer-it";

    @TempDir
    Path dir;

    EmbeddedRegistry registry;
    private final List<TrainerService> trainers = new ArrayList<>();

    @BeforeEach
    void useRegistry(EmbeddedRegistry registry) {
        this.registry = registry;
    }

    @AfterEach
    void stopAll() {
        trainers.forEach(TrainerService::close);
    }

    /** Starts a trainer with checkpoints under {@code dir}, the given settings over the tests' defaults. */
    TrainerService start(KafkaBroker broker, Map<String, String> overrides) throws InterruptedException {
        return start(broker, overrides, "spam", "news");
    }

    /** As {@link #start(KafkaBroker, Map)}, with these static tasks (none: only the tasks topic's). */
    TrainerService start(KafkaBroker broker, Map<String, String> overrides, String... staticTasks)
            throws InterruptedException {
        Map<String, Object> config = CommittedReader.trainerConfig(broker, registry, dir, GROUP, staticTasks);
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

    /** Every shard id in the events, duplicates kept (so "exactly once" is checked, not just "at least once"). */
    static List<String> shardIds(List<CheckpointEvent> events) {
        return events.stream().flatMap(e -> e.getShards().stream()).map(ShardLineage::getShardId).toList();
    }
}
