package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dedup whatever the producer's key, against the real broker: each example is sent three times to the
 * 3-partition {@code examples} topic — keyed by its id (so on its canonical partition), under another key that
 * the producer puts on another partition, and with no key on the third — and must be accepted exactly once.
 */
@ExtendWith(KafkaBrokerExtension.class)
class IngestDedupAnyKeyIT {

    private static final int IDS = 60;
    private static final int PARTITIONS = Topics.EXAMPLES.partitions();

    @TempDir
    Path dir;

    @AutoClose
    private EmbeddedRegistry registry;
    @AutoClose
    private IngestService service;

    @Test
    void shouldAcceptAnExampleOnceWhetherKeyedByIdByAnotherKeyOrByNone(KafkaBroker broker) throws Exception {
        registry = EmbeddedRegistry.builder(dir.resolve("registry")).build().start();
        Map<String, Object> registryConfig = Map.of("schema.registry.url", registry.url());
        service = start(broker);
        InputWriter.produce(broker.bootstrapServers(), threeCopiesOfEach(registryConfig));

        // Every original and every copy written back has been decided on; each copy is one more received record.
        await().atMost(Duration.ofSeconds(120)).until(() -> accountedFor() >= 3 * IDS);
        AcceptedCopies accepted = new AcceptedCopies(registryConfig);
        try (KafkaConsumer<String, byte[]> output = CommittedReaders.subscribe(broker.bootstrapServers(), "any-key-out",
                List.of(Topics.EXAMPLES_VALIDATION.name(), Topics.SHARDS.name()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                accepted.add(output.poll(Duration.ofMillis(500)));
                assertThat(accepted.total()).isGreaterThanOrEqualTo((int) sum(IngestMetrics.ACCEPTED));
            });
            accepted.add(output.poll(Duration.ofSeconds(2))); // nothing more may arrive
        }

        assertThat(accepted.byId).hasSize(IDS).allSatisfy((id, copies) -> assertThat(copies).as(id).isOne());
        assertThat(sum(IngestMetrics.ACCEPTED)).isEqualTo(IDS);
        assertThat(sum(IngestMetrics.DUPLICATES)).isEqualTo(2 * IDS);
        assertThat(sum(IngestMetrics.REROUTED)).isEqualTo(2 * IDS);
        assertThat(sum(IngestMetrics.DEAD_LETTERED)).isZero();
        assertThat(sum(IngestMetrics.RECEIVED)).isEqualTo(sum(IngestMetrics.ACCEPTED)
                + sum(IngestMetrics.DEAD_LETTERED) + sum(IngestMetrics.DUPLICATES) + sum(IngestMetrics.REROUTED));
        assertCopiesAreOnTheirCanonicalPartitionKeyedById(broker);
    }

    /** The copies the service wrote back: one per record sent off its canonical partition, each where it belongs. */
    private static void assertCopiesAreOnTheirCanonicalPartitionKeyedById(KafkaBroker broker) {
        List<ConsumerRecord<String, byte[]>> copies = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> input = CommittedReaders.subscribe(broker.bootstrapServers(), "any-key-in",
                List.of(Topics.EXAMPLES.name()))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : input.poll(Duration.ofMillis(500))) {
                    if (record.headers().lastHeader(CanonicalPartition.REROUTED_HEADER) != null) {
                        copies.add(record);
                    }
                }
                assertThat(copies).hasSize(2 * IDS);
            });
        }
        for (ConsumerRecord<String, byte[]> copy : copies) {
            assertThat(copy.partition()).as(copy.key()).isEqualTo(canonical(copy.key()));
            Header origin = copy.headers().lastHeader(CanonicalPartition.REROUTED_HEADER);
            String from = new String(origin.value(), StandardCharsets.UTF_8);
            assertThat(Integer.parseInt(from.substring(0, from.indexOf('@')))).isNotEqualTo(copy.partition());
        }
    }

    private static int canonical(String id) {
        return BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    /**
     * Per id: keyed by the id (the producer's partitioner puts it on its canonical partition), under a key the
     * partitioner puts on another partition, and with no key on the remaining partition. Which comes first varies.
     */
    private static List<ProducerRecord<String, byte[]>> threeCopiesOfEach(Map<String, Object> registryConfig) {
        Serializer<LabeledExample> serializer =
                RegistrySerdes.specific(LabeledExample.class, registryConfig, false).serializer();
        String topic = Topics.EXAMPLES.name();
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < IDS; i++) {
            String id = "any-key-" + i;
            byte[] value = serializer.serialize(topic, LabeledExample.newBuilder().setId(id).setTask("spam")
                    .setText("Claim your prize number " + i).setLabel(i % 3 == 0 ? "spam" : "ham")
                    .setEventTime(now).build());
            int home = canonical(id);
            String otherKey = IntStream.iterate(0, k -> k + 1).mapToObj(k -> "other-" + k)
                    .filter(key -> canonical(key) != home).findFirst().orElseThrow();
            int noKeyPartition = IntStream.range(0, PARTITIONS)
                    .filter(p -> p != home && p != canonical(otherKey)).findFirst().orElseThrow();
            List<ProducerRecord<String, byte[]>> three = List.of(
                    new ProducerRecord<>(topic, id, value),
                    new ProducerRecord<>(topic, otherKey, value),
                    new ProducerRecord<>(topic, noKeyPartition, null, value));
            for (int k = 0; k < 3; k++) {
                records.add(three.get((i + k) % 3));
            }
        }
        return records;
    }

    private IngestService start(KafkaBroker broker) throws InterruptedException {
        Map<String, String> config = Map.ofEntries(Map.entry("bootstrap.servers", broker.bootstrapServers()),
                Map.entry("schema.registry.url", registry.url()), Map.entry("application.id", "ingest-any-key-it"),
                Map.entry("state.dir", dir.resolve("state").toString()), Map.entry("metrics.port", "-1"),
                Map.entry("tasks", "spam"), Map.entry("task.spam.labels", "ham,spam"),
                // Both sides: a duplicate must not reach examples.validation either.
                Map.entry("validation.fraction", "0.5"),
                Map.entry("shard.max.age.ms", "1000"), Map.entry("shard.check.interval.ms", "200"));
        IngestService started = IngestService.start(new IngestConfig(config));
        await().atMost(Duration.ofSeconds(60)).until(() -> started.state() == KafkaStreams.State.RUNNING);
        return started;
    }

    /** Records decided on: accepted, dead-lettered or dropped as duplicates (rerouted ones come back). */
    private double accountedFor() {
        return sum(IngestMetrics.ACCEPTED) + sum(IngestMetrics.DEAD_LETTERED) + sum(IngestMetrics.DUPLICATES);
    }

    private double sum(String meter) {
        return service.registry().find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }
}
