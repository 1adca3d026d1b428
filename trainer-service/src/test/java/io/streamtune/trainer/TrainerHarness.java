package io.streamtune.trainer;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.ShardLineage;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.KafkaBroker;
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

/**
 * What the trainer's end-to-end tests share: trainers started on the test broker and registry with the tiny model
 * for tasks spam and news (closed together), a producer of shards and the shard ids in checkpoint events.
 */
final class TrainerHarness implements AutoCloseable {

    private final EmbeddedRegistry registry;
    private final Path dir;
    private final String group;
    private final List<TrainerService> trainers = new ArrayList<>();

    TrainerHarness(EmbeddedRegistry registry, Path dir, String group) {
        this.registry = registry;
        this.dir = dir;
        this.group = group;
    }

    /** Starts a trainer with checkpoints under {@code dir}, the given settings over the tests' defaults. */
    TrainerService start(KafkaBroker broker, Map<String, String> overrides) throws InterruptedException {
        Map<String, Object> config = CommittedReader.trainerConfig(broker, registry, dir, group, "spam", "news");
        config.putAll(overrides);
        TrainerService trainer = TrainerService.start(new TrainerConfig(config));
        trainers.add(trainer);
        return trainer;
    }

    /** Closes every trainer started (closing one twice is harmless). */
    @Override
    public void close() {
        trainers.forEach(TrainerService::close);
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
