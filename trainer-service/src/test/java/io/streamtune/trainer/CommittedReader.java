package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
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

    /** A consumer of {@code topic} in a fresh group, reading from the start, {@code read_committed}. */
    static <V extends SpecificRecord> KafkaConsumer<String, V> subscribe(KafkaBroker broker,
            EmbeddedRegistry registry, TopicSpec<V> topic) {
        return CommittedReaders.subscribe(broker.bootstrapServers(), "observer-" + System.nanoTime(),
                RegistrySerdes.specific(topic.valueType(), registry.clientConfig(), false).deserializer(),
                List.of(topic.name()));
    }
}
