package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What the trainer's integration tests share: fresh trainer topics, and consumers that watch the trainer's output
 * from the beginning, committed records only.
 */
final class CommittedReader {

    private CommittedReader() {
    }

    /**
     * Deletes and re-creates the trainer's topics: the test JVM shares one broker between test classes, and records
     * left by another test (registered in another, stopped registry) must not be read.
     */
    static void freshTrainerTopics(KafkaBroker broker) throws Exception {
        List<String> names = TrainerService.TOPICS.stream().map(TopicSpec::name).toList();
        try (Admin admin = broker.admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> present = names.stream().filter(existing::contains).toList();
            if (!present.isEmpty()) {
                admin.deleteTopics(present).all().get();
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                new TopicProvisioner(admin, (short) -1).ensure(TrainerService.TOPICS);
                assertThat(admin.describeTopics(names).allTopicNames().get()).hasSize(names.size());
            });
        }
    }

    /**
     * The configuration the trainer's integration tests start from: the tiny model for {@code tasks}, checkpoints
     * under {@code dir} every 2 shards or 1.5 s, metrics on a free port.
     */
    static Map<String, Object> trainerConfig(KafkaBroker broker, EmbeddedRegistry registry, Path dir, String group,
            String... tasks) {
        Map<String, Object> config = new HashMap<>(registry.clientConfig());
        config.putAll(TestShards.tinyTrainerConfig(tasks));
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("group.id", group);
        config.put("checkpoint.dir", dir.resolve("checkpoints").toString());
        config.put("checkpoint.every.shards", "2");
        config.put("checkpoint.every.ms", "1500");
        config.put("metrics.port", "0");
        return config;
    }

    /** A consumer of {@code topic} in a fresh group, reading from the start, {@code read_committed}. */
    static <V extends SpecificRecord> KafkaConsumer<String, V> subscribe(KafkaBroker broker,
            EmbeddedRegistry registry, TopicSpec<V> topic) {
        return CommittedReaders.subscribe(broker.bootstrapServers(), "observer-" + System.nanoTime(),
                RegistrySerdes.specific(topic.valueType(), registry.clientConfig(), false).deserializer(),
                List.of(topic.name()));
    }
}
