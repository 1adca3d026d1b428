package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once when Kafka Streams aborts the transaction of a task that keeps running. Under exactly-once v2 the
 * three tasks of the one stream thread share a transaction. The dedup-changelog sends of tasks 0_0 and 0_1 are made
 * to fail in one commit, as they fail when the broker becomes unreachable: Kafka Streams closes and revives those two
 * and aborts the transaction, which also held task 0_2's validation examples and shards, while 0_2 keeps running
 * (Kafka Streams 4.4, docs/outage-gap-ingest.md). Every example must still be accepted exactly once.
 *
 * <p>The service's own production handler fails the whole stream thread on such a send error; this test runs with
 * Kafka Streams' default handler, which revives the one task, to reach the path that other errors take too.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class IngestAbortedTransactionIT {

    private static final String APPLICATION_ID = "ingest-aborted-it";
    private static final int PER_BATCH = 600;

    @TempDir
    Path dir;

    @AutoClose
    private IngestService service;

    @Test
    void shouldAcceptEveryExampleOnceWhenATransactionIsAbortedUnderARunningTask(KafkaBroker broker,
            EmbeddedRegistry registry) throws Exception {
        Map<String, Object> registryConfig = Map.of("schema.registry.url", registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) -1).ensure(IngestService.TOPICS);
        }
        FaultInjectingClientSupplier clients = new FaultInjectingClientSupplier();
        service = IngestService.start(new IngestConfig(config(broker, registry)), clients);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);

        AcceptedCopies accepted = new AcceptedCopies(registryConfig);
        try (KafkaConsumer<String, byte[]> output = CommittedReaders.subscribe(broker.bootstrapServers(), "aborted-out",
                List.of(Topics.EXAMPLES_VALIDATION.name(), Topics.SHARDS.name()))) {
            InputWriter.produce(broker.bootstrapServers(), batch(registryConfig, "first-"));
            awaitCommitted(output, accepted, PER_BATCH);

            String changelog = APPLICATION_ID + "-" + IngestTopology.DEDUP_STORE + "-changelog";
            TopicPartition first = new TopicPartition(changelog, 0);
            TopicPartition second = new TopicPartition(changelog, 1);
            clients.failNextSend(first);
            clients.failNextSend(second);
            InputWriter.produce(broker.bootstrapServers(), batch(registryConfig, "second-"));
            awaitCommitted(output, accepted, 2 * PER_BATCH);
        }

        assertThat(clients.fired()).as("the injected send failures").containsExactlyInAnyOrder(
                new TopicPartition(APPLICATION_ID + "-" + IngestTopology.DEDUP_STORE + "-changelog", 0),
                new TopicPartition(APPLICATION_ID + "-" + IngestTopology.DEDUP_STORE + "-changelog", 1));
        assertThat(accepted.byId).hasSize(2 * PER_BATCH).allSatisfy((id, copies) -> assertThat(copies).as(id).isOne());
        assertThat(sum(IngestMetrics.THREADS_RESTARTED_AFTER_ABORT)).as("stream threads the guard restarted")
                .isPositive();
    }

    /**
     * Reads committed output until {@code expected} copies arrived or two minutes passed (a replaced stream thread
     * waits out its predecessor's session), then a little longer.
     */
    private static void awaitCommitted(KafkaConsumer<String, byte[]> output, AcceptedCopies accepted, int expected) {
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                accepted.add(output.poll(Duration.ofMillis(500)));
                return accepted.total() >= expected;
            });
        } catch (ConditionTimeoutException lost) {
            // The assertions on the ids say which are missing.
        }
        accepted.add(output.poll(Duration.ofSeconds(2))); // nothing more may arrive
    }

    /** Examples keyed by id, sent in id order, so the partitions' records interleave in time. */
    private static List<ProducerRecord<String, byte[]>> batch(Map<String, Object> registryConfig, String prefix) {
        Serializer<LabeledExample> serializer =
                RegistrySerdes.specific(LabeledExample.class, registryConfig, false).serializer();
        String topic = Topics.EXAMPLES.name();
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < PER_BATCH; i++) {
            String id = prefix + i;
            records.add(new ProducerRecord<>(topic, id, serializer.serialize(topic, LabeledExample.newBuilder()
                    .setId(id).setTask("spam").setText("Your parcel " + i + " is waiting")
                    .setLabel(i % 2 == 0 ? "spam" : "ham").setEventTime(now).build())));
        }
        return records;
    }

    private Map<String, String> config(KafkaBroker broker, EmbeddedRegistry registry) {
        return Map.ofEntries(Map.entry("bootstrap.servers", broker.bootstrapServers()),
                Map.entry("schema.registry.url", registry.url()), Map.entry("application.id", APPLICATION_ID),
                Map.entry("state.dir", dir.resolve("state").toString()), Map.entry("metrics.port", "-1"),
                Map.entry("tasks", "spam"), Map.entry("task.spam.labels", "ham,spam"),
                Map.entry("num.stream.threads", "1"), Map.entry(IngestConfig.STREAMS_PREFIX
                        + StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DefaultProductionExceptionHandler.class.getName()),
                // Both outputs, each shard small: every task has validation examples and shards in each transaction.
                Map.entry("validation.fraction", "0.3"), Map.entry("shard.max.examples", "10"),
                Map.entry("shard.max.age.ms", "1000"), Map.entry("shard.check.interval.ms", "200"));
    }

    private double sum(String meter) {
        return service.registry().find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }
}
