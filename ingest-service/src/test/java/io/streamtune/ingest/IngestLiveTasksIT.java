package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TaskIngest;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.tasks.TaskSpecs;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.testkit.TaskSpecWriter;
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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest started with no static tasks follows the tasks topic on the real broker and registry: a task created there
 * while it runs has its examples accepted and sharded within seconds, and after its tombstone they are dead-lettered
 * as {@code UNKNOWN_TASK}. Logs the time from writing the spec to the first example accepted.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class IngestLiveTasksIT {

    private static final Logger LOG = LoggerFactory.getLogger(IngestLiveTasksIT.class);
    /** '_' and '-' in the name: it travels through the topic key, dedup keys, shard ids and meter tags. */
    private static final String TASK = "support_tickets-2";
    private static final int SHARD_SIZE = 4;
    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(30);
    private static final String FIRST = "after-0";

    @TempDir
    Path dir;

    @AutoClose
    private IngestService service;
    @AutoClose
    private TaskSpecWriter specs;

    @Test
    void shouldAcceptATaskCreatedOnTheTopicWithinSecondsAndDeadLetterItOnceDeleted(KafkaBroker broker,
            EmbeddedRegistry registry) throws Exception {
        Map<String, Object> registryConfig = Map.of("schema.registry.url", registry.url());
        // No tasks= at all: every task comes from the topic.
        service = RunningIngest.start(broker, registry.url(), dir, "ingest-live-tasks-it", Map.of(
                "validation.fraction", "0", "shard.max.age.ms", "60000", "shard.check.interval.ms", "200"));
        Serializer<LabeledExample> examples =
                RegistrySerdes.specific(LabeledExample.class, registryConfig, false).serializer();
        specs = new TaskSpecWriter(broker.bootstrapServers(), registryConfig);
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<TrainingShard> shards = new ArrayList<>();
        Deserializer<DeadLetter> letters = RegistrySerdes.specific(DeadLetter.class, registryConfig, false)
                .deserializer();
        Deserializer<TrainingShard> shardValues = RegistrySerdes.specific(TrainingShard.class, registryConfig, false)
                .deserializer();

        try (KafkaConsumer<String, byte[]> dlq = CommittedReaders.subscribe(broker.bootstrapServers(), "live-dlq",
                List.of(Topics.EXAMPLES_DLQ.name()));
             KafkaConsumer<String, byte[]> out = CommittedReaders.subscribe(broker.bootstrapServers(), "live-shards",
                List.of(Topics.SHARDS.name()))) {
            InputWriter.produce(broker.bootstrapServers(), List.of(example(examples, "before-0")));
            awaitDeadLetters(dlq, letters, deadLetters, 1);
            assertThat(deadLetters.get(0).getReasonText()).contains("'" + TASK + "' is not one of []");

            // Created with a shard size of its own: its shards show the spec's settings reached the shard builder.
            Instant written = Instant.now();
            specs.write(TaskSpecs.of(TASK, List.of("billing", "bug", "other"), written)
                    .setIngest(TaskIngest.newBuilder().setShardMaxExamples(SHARD_SIZE).build()).build());
            await().atMost(WITHIN_SECONDS).pollInterval(Duration.ofMillis(10)).until(() -> tasksFollowed() == 1);
            Instant applied = Instant.now();
            InputWriter.produce(broker.bootstrapServers(), List.of(example(examples, FIRST)));
            await().atMost(WITHIN_SECONDS).pollInterval(Duration.ofMillis(10))
                    .until(() -> sum(IngestMetrics.ACCEPTED) > 0);
            Instant accepted = Instant.now();
            LOG.info("Task {}: spec written at {}, applied after {} ms, its first example (sent then) accepted after "
                    + "{} ms", TASK, written, Duration.between(written, applied).toMillis(),
                    Duration.between(written, accepted).toMillis());
            // All on one partition (their ids' canonical one): one open shard, closed by the spec's count.
            InputWriter.produce(broker.bootstrapServers(), IntStream.iterate(1, i -> i + 1)
                    .mapToObj(i -> "after-" + i).filter(id -> onPartitionOfFirst(id)).limit(2 * SHARD_SIZE - 1)
                    .map(id -> example(examples, id)).toList());
            await().atMost(WITHIN_SECONDS).untilAsserted(() -> {
                out.poll(Duration.ofMillis(200)).forEach(record -> shards.add(
                        shardValues.deserialize(record.topic(), record.headers(), record.value())));
                assertThat(shards).hasSize(2);
            });
            assertThat(shards).allSatisfy(shard -> {
                assertThat(shard.getTask()).isEqualTo(TASK);
                assertThat(shard.getShardId()).startsWith(TASK + "-examples-");
                assertThat(shard.getExamples()).hasSize(SHARD_SIZE);
            });
            assertThat(shards.stream().flatMap(shard -> shard.getExamples().stream()).map(ShardExample::getId))
                    .doesNotHaveDuplicates().hasSize(2 * SHARD_SIZE);

            specs.delete(TASK);
            await().atMost(WITHIN_SECONDS).until(() -> tasksFollowed() == 0);
            InputWriter.produce(broker.bootstrapServers(), IntStream.range(0, 3)
                    .mapToObj(i -> example(examples, "deleted-" + i)).toList());
            awaitDeadLetters(dlq, letters, deadLetters, 4);
        }
        assertThat(deadLetters).extracting(DeadLetter::getReasonCode).containsOnly(ReasonCode.UNKNOWN_TASK.name());
        assertThat(deadLetters.subList(1, 4)).allSatisfy(letter ->
                assertThat(letter.getReasonText()).contains("'" + TASK + "' was deleted"));
        assertThat(sum(IngestMetrics.ACCEPTED)).isEqualTo(2 * SHARD_SIZE);
        assertThat(sum(IngestMetrics.RECEIVED) - sum(IngestMetrics.REROUTED))
                .isEqualTo(sum(IngestMetrics.ACCEPTED) + sum(IngestMetrics.DEAD_LETTERED)
                        + sum(IngestMetrics.DUPLICATES));
        assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private static void awaitDeadLetters(KafkaConsumer<String, byte[]> dlq, Deserializer<DeadLetter> letters,
            List<DeadLetter> deadLetters, int count) {
        await().atMost(WITHIN_SECONDS).untilAsserted(() -> {
            for (ConsumerRecord<String, byte[]> record : dlq.poll(Duration.ofMillis(200))) {
                deadLetters.add(letters.deserialize(record.topic(), record.headers(), record.value()));
            }
            assertThat(deadLetters).hasSizeGreaterThanOrEqualTo(count);
        });
    }

    private static ProducerRecord<String, byte[]> example(Serializer<LabeledExample> examples, String id) {
        String topic = Topics.EXAMPLES.name();
        LabeledExample example = LabeledExample.newBuilder().setId(id).setTask(TASK)
                .setText("My invoice is wrong, " + id).setLabel("billing").setEventTime(Instant.now()).build();
        return new ProducerRecord<>(topic, id, examples.serialize(topic, example));
    }

    private static boolean onPartitionOfFirst(String id) {
        return partition(id) == partition(FIRST);
    }

    private static int partition(String id) {
        return BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), Topics.EXAMPLES.partitions());
    }

    private double tasksFollowed() {
        Gauge gauge = service.registry().find("streamtune_tasks").tag("service", "ingest").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private double sum(String meter) {
        return service.registry().find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }
}
