package io.streamtune.ingest;

import static io.streamtune.ingest.IngestPipelineInput.DUPLICATES;
import static io.streamtune.ingest.IngestPipelineInput.GARBAGE;
import static io.streamtune.ingest.IngestPipelineInput.GOOD;
import static io.streamtune.ingest.IngestPipelineInput.INVALID;
import static io.streamtune.ingest.IngestPipelineInput.TOTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.testkit.MetricsEndpoint;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest service end to end: real KRaft broker, real schema registry, registry wire format, exactly-once
 * Streams, a stop and a restart (on an empty state directory, so the stores come back from their changelogs).
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class IngestPipelineIT {

    private static final int MAX_EXAMPLES = 300;
    private static final int MAX_BYTES = 160_000;
    private static final long MAX_AGE_MS = 3_000;
    private static final long CHECK_MS = 500;

    @TempDir
    Path dir;

    private EmbeddedRegistry registry;
    private final List<IngestService> services = new ArrayList<>();

    @BeforeEach
    void useRegistry(EmbeddedRegistry registry) {
        this.registry = registry;
    }

    @AfterEach
    void stopAll() {
        services.forEach(IngestService::close);
    }

    @Test
    void shouldAccountForEveryRecordAndShardEachTrainingExampleOnceAcrossARestart(KafkaBroker broker)
            throws Exception {
        Map<String, Object> registryConfig = Map.of("schema.registry.url", registry.url());
        List<ProducerRecord<String, byte[]>> input = IngestPipelineInput.mixed(registryConfig);

        IngestService first = start(broker, "state-1");
        InputWriter.produce(broker.bootstrapServers(), input.subList(0, TOTAL / 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> received(first) >= TOTAL / 4.0);
        first.close();
        Instant stopped = Instant.now();

        InputWriter.produce(broker.bootstrapServers(), input.subList(TOTAL / 2, TOTAL));
        // A fresh state directory: the dedup store and the open shards must come back from their changelogs.
        IngestService second = start(broker, "state-2");
        Instant restarted = Instant.now();
        Output output = new Output(registryConfig);
        try (KafkaConsumer<String, byte[]> consumer = CommittedReaders.subscribe(broker.bootstrapServers(),
                "ingest-it-reader", List.of(Topics.EXAMPLES_DLQ.name(), Topics.EXAMPLES_VALIDATION.name(),
                        Topics.SHARDS.name()))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                output.add(consumer.poll(Duration.ofMillis(500)));
                assertThat(output.deadLetters).hasSize(INVALID + GARBAGE);
                assertThat(output.validationIds.size() + output.trainingIds.size()).isEqualTo(GOOD);
            });
            output.add(consumer.poll(Duration.ofSeconds(2))); // nothing more may arrive
        }

        // in = accepted + dead-lettered + duplicates, in the topics and in the meters of both runs.
        assertThat(output.duplicatesSeen).isZero();
        assertThat(output.deadLetters).hasSize(INVALID + GARBAGE);
        Set<String> accepted = new HashSet<>(output.validationIds);
        accepted.addAll(output.trainingIds);
        assertThat(accepted).hasSize(GOOD).allMatch(id -> id.startsWith("good-"));
        assertThat(sum(first, IngestMetrics.RECEIVED) + sum(second, IngestMetrics.RECEIVED)).isEqualTo(TOTAL);
        assertThat(sum(first, IngestMetrics.ACCEPTED) + sum(second, IngestMetrics.ACCEPTED)).isEqualTo(GOOD);
        assertThat(sum(first, IngestMetrics.DEAD_LETTERED) + sum(second, IngestMetrics.DEAD_LETTERED))
                .isEqualTo(INVALID + GARBAGE);
        assertThat(sum(first, IngestMetrics.DUPLICATES) + sum(second, IngestMetrics.DUPLICATES))
                .isEqualTo(DUPLICATES);

        // Dead letters keep the original bytes; garbage gets the code of its decode defect.
        List<ByteBuffer> sentGarbage = input.stream().filter(r -> r.key().startsWith("junk-"))
                .map(r -> ByteBuffer.wrap(r.value())).toList();
        Set<String> decodeDefects = Set.of("UNKNOWN_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID", "TRUNCATED_PAYLOAD",
                "MALFORMED_AVRO");
        assertThat(output.deadLetters.stream().filter(d -> decodeDefects.contains(d.getReasonCode()))
                .map(DeadLetter::getOriginalValue)).containsExactlyInAnyOrderElementsOf(sentGarbage);
        assertThat(output.deadLetters).extracting(DeadLetter::getReasonCode)
                .contains("UNKNOWN_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID");

        assertShardsWithinLimitsWithoutOverlaps(output.shards, stopped, restarted);
        assertThat(output.shards).extracting(TrainingShard::getClosedBy).contains("COUNT", "BYTES", "TIME");
        assertMetricsEndpointServesIngestMeters(second);
    }

    private void assertShardsWithinLimitsWithoutOverlaps(List<TrainingShard> shards, Instant stopped,
                                                         Instant restarted) {
        AvroBinarySerde<ShardExample> codec = new AvroBinarySerde<>(ShardExample.class);
        Map<Integer, List<OffsetRange>> rangesByPartition = new HashMap<>();
        Set<String> shardIds = new HashSet<>();
        for (TrainingShard shard : shards) {
            assertThat(shardIds.add(shard.getShardId())).as("shard id %s once", shard.getShardId()).isTrue();
            assertThat(shard.getExamples()).hasSizeBetween(1, MAX_EXAMPLES);
            assertThat(shard.getExamples().stream().mapToInt(e -> codec.serialize(null, e).length).sum())
                    .isLessThanOrEqualTo(MAX_BYTES);
            // The age limit is checked by a wall-clock punctuator every CHECK_MS, which runs between polls and
            // exactly-once commits; on 2 loaded cores those were seen to take over 3 s, so allow CHECK_MS + 5 s.
            // A shard left open by the stop can only close once the service is back.
            Instant due = shard.getWindowStart().plusMillis(MAX_AGE_MS);
            if (shard.getWindowStart().isBefore(stopped) && due.isAfter(stopped)) {
                due = restarted;
            }
            assertThat(shard.getWindowEnd()).isBeforeOrEqualTo(due.plusMillis(CHECK_MS + 5_000));
            assertThat(shard.getLabelHistogram().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(shard.getExamples().size());
            shard.getSourceRanges().forEach(range ->
                    rangesByPartition.computeIfAbsent(range.getPartition(), p -> new ArrayList<>()).add(range));
        }
        rangesByPartition.values().forEach(ranges -> {
            ranges.sort((a, b) -> Long.compare(a.getFirstOffset(), b.getFirstOffset()));
            for (int i = 1; i < ranges.size(); i++) {
                assertThat(ranges.get(i).getFirstOffset()).isGreaterThan(ranges.get(i - 1).getLastOffset());
            }
        });
    }

    private static void assertMetricsEndpointServesIngestMeters(IngestService service) {
        MetricsEndpoint endpoint = MetricsEndpoint.at(service.metricsPort());
        HttpResponse<String> metrics = endpoint.get("/metrics");
        HttpResponse<String> health = endpoint.get("/health");
        assertThat(metrics.body()).contains("streamtune_ingest_examples_received_total",
                "streamtune_ingest_shards_emitted_total", "kafka_stream_thread_commit_total");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private IngestService start(KafkaBroker broker, String stateDir) throws InterruptedException {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("schema.registry.url", registry.url());
        config.put("application.id", "ingest-it");
        config.put("state.dir", dir.resolve(stateDir).toString());
        config.put("metrics.port", "0");
        config.put("tasks", "spam");
        config.put("task.spam.labels", "ham,spam");
        config.put("task.spam.max.text.chars", "5000");
        config.put("validation.fraction", "0.1");
        config.put("shard.max.examples", String.valueOf(MAX_EXAMPLES));
        config.put("shard.max.bytes", String.valueOf(MAX_BYTES));
        config.put("shard.max.age.ms", String.valueOf(MAX_AGE_MS));
        config.put("shard.check.interval.ms", String.valueOf(CHECK_MS));
        IngestService service = IngestService.start(new IngestConfig(config));
        services.add(service);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);
        return service;
    }

    private static double received(IngestService service) {
        return sum(service, IngestMetrics.RECEIVED);
    }

    private static double sum(IngestService service, String meter) {
        MeterRegistry meters = service.registry();
        return meters.find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** What the ingest service wrote, decoded through the registry. */
    private static final class Output {
        final Deserializer<DeadLetter> deadLetterReader;
        final Deserializer<LabeledExample> exampleReader;
        final Deserializer<TrainingShard> shardReader;
        final List<DeadLetter> deadLetters = new ArrayList<>();
        final Set<String> validationIds = new HashSet<>();
        final Set<String> trainingIds = new HashSet<>();
        final List<TrainingShard> shards = new ArrayList<>();
        int duplicatesSeen;

        Output(Map<String, Object> registryConfig) {
            deadLetterReader = RegistrySerdes.specific(DeadLetter.class, registryConfig, false).deserializer();
            exampleReader = RegistrySerdes.specific(LabeledExample.class, registryConfig, false).deserializer();
            shardReader = RegistrySerdes.specific(TrainingShard.class, registryConfig, false).deserializer();
        }

        void add(Iterable<ConsumerRecord<String, byte[]>> records) {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.topic().equals(Topics.EXAMPLES_DLQ.name())) {
                    deadLetters.add(deadLetterReader.deserialize(record.topic(), record.value()));
                } else if (record.topic().equals(Topics.EXAMPLES_VALIDATION.name())) {
                    count(validationIds.add(exampleReader.deserialize(record.topic(), record.value()).getId()));
                } else {
                    assertThat(record.serializedValueSize()).isLessThanOrEqualTo(Topics.MAX_SHARD_BYTES);
                    TrainingShard shard = shardReader.deserialize(record.topic(), record.value());
                    shards.add(shard);
                    shard.getExamples().forEach(example -> count(trainingIds.add(example.getId())
                            && !validationIds.contains(example.getId())));
                }
            }
        }

        private void count(boolean firstTime) {
            if (!firstTime) {
                duplicatesSeen++;
            }
        }
    }
}
