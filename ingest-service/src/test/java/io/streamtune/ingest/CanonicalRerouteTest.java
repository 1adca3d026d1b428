package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.TrainingShard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.DriverRecords;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dedup whatever the producer's key: the topology is built for a 3-partition {@code examples} topic while the
 * driver reads every record from partition 0, so an id whose canonical partition is 1 or 2 is off it. The
 * driver feeds what the topology writes to {@code examples} back in (on partition 0 again, as a copy whose
 * partition count disagreed with the processor's would arrive).
 */
// A copy rerouted again would come back from the driver for ever; a separate thread makes that a failure, not a hang.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CanonicalRerouteTest {

    private static final int PARTITIONS = 3;
    private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");
    private static final AvroBinarySerde<LabeledExample> EXAMPLES = new AvroBinarySerde<>(LabeledExample.class);
    private static final AvroBinarySerde<DeadLetter> DEAD_LETTERS = new AvroBinarySerde<>(DeadLetter.class);
    private static final AvroBinarySerde<TrainingShard> SHARDS = new AvroBinarySerde<>(TrainingShard.class);

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], DeadLetter> dlq;
    private TestOutputTopic<String, TrainingShard> shards;

    @BeforeEach
    void start() {
        IngestConfig config = new IngestConfig(Map.of("schema.registry.url", "http://127.0.0.1:8081", "tasks", "spam",
                "task.spam.labels", "ham,spam", "validation.fraction", "0", "shard.max.examples", "1"));
        IngestSerdes serdes = new IngestSerdes(EXAMPLES, EXAMPLES, DEAD_LETTERS, SHARDS);
        InputReplay noRestarts = (partition, from, to, action) -> {
            throw new AssertionError("unexpected replay of " + partition);
        };
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reroute-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(IngestTopology.build(config, LiveTaskRules.pinned(config), serdes, noRestarts,
                registry, PARTITIONS), props, T0);
        input = driver.createInputTopic(Topics.EXAMPLES.name(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(Topics.EXAMPLES_DLQ.name(), new ByteArrayDeserializer(), DEAD_LETTERS);
        shards = driver.createOutputTopic(Topics.SHARDS.name(), new StringDeserializer(), SHARDS);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    /** The first id {@code ex-N} that Kafka's own producer partitioner puts on {@code partition}. */
    private static String idOn(int partition) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "ex-" + i)
                .filter(id -> BuiltInPartitioner.partitionForKey(bytes(id), PARTITIONS) == partition)
                .findFirst().orElseThrow();
    }

    private static byte[] example(String id) {
        return EXAMPLES.serialize(null, LabeledExample.newBuilder().setId(id).setTask("spam")
                .setText("Win a free cruise, " + id).setLabel("spam").setEventTime(T0).build());
    }

    private static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private void send(String key, byte[] value, Headers headers) {
        input.pipeInput(new TestRecord<>(bytes(key), value, headers, T0));
    }

    private double count(String meter) {
        return registry.get(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    private ProducerRecord<byte[], byte[]> nextWrittenToExamples() {
        return DriverRecords.next(driver, Topics.EXAMPLES.name());
    }

    @Test
    void shouldPutEveryIdWhereKafkasProducerPartitionerPutsThatKey() {
        CanonicalPartition canonical = new CanonicalPartition(PARTITIONS);
        IntStream.range(0, 2_000).mapToObj(i -> i % 2 == 0 ? "id-" + i : "\u00e9t\u00e9-\ud83d\ude00-" + i)
                .forEach(id -> assertThat(canonical.of(id))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(bytes(id), PARTITIONS)));
    }

    @Test
    void shouldRerouteExampleReadOffItsCanonicalPartitionKeyedByIdToThatPartition() {
        String id = idOn(2);
        byte[] value = example(id);
        send("some-other-key", value, new RecordHeaders().add("trace", bytes("t-1")));

        ProducerRecord<byte[], byte[]> copy = nextWrittenToExamples();
        assertThat(copy).isNotNull();
        assertThat(copy.partition()).isEqualTo(2);
        assertThat(copy.key()).isEqualTo(bytes(id));
        assertThat(copy.value()).isEqualTo(value);
        assertThat(copy.timestamp()).isEqualTo(T0.toEpochMilli());
        assertThat(copy.headers().lastHeader("trace").value()).isEqualTo(bytes("t-1"));
        Header origin = copy.headers().lastHeader(CanonicalPartition.REROUTED_HEADER);
        assertThat(new String(origin.value(), StandardCharsets.UTF_8)).isEqualTo("0@0");
        assertThat(nextWrittenToExamples()).isNull();
        // The copy came back and was accepted: one shard with the id, counts balance.
        assertThat(shards.readValuesToList()).singleElement()
                .satisfies(shard -> assertThat(shard.getExamples().get(0).getId()).isEqualTo(id));
        assertThat(count(IngestMetrics.REROUTED)).isEqualTo(1);
        assertThat(count(IngestMetrics.RECEIVED)).isEqualTo(2);
    }

    @Test
    void shouldNotRerouteACopyThatWasReroutedBefore() {
        String id = idOn(1);
        send(id, example(id), new RecordHeaders().add(CanonicalPartition.REROUTED_HEADER, bytes("2@17")));

        assertThat(nextWrittenToExamples()).isNull();
        assertThat(shards.readValuesToList()).hasSize(1);
        assertThat(count(IngestMetrics.REROUTED)).isZero();
    }

    @Test
    void shouldNotRerouteExampleOnItsCanonicalPartitionWhateverItsKey() {
        String id = idOn(0);
        send(null, example(id), new RecordHeaders());

        assertThat(nextWrittenToExamples()).isNull();
        assertThat(shards.readValuesToList()).hasSize(1);
        assertThat(count(IngestMetrics.REROUTED)).isZero();
    }

    @Test
    void shouldDeadLetterInvalidExampleWhereItWasReadInsteadOfRerouting() {
        byte[] value = EXAMPLES.serialize(null, LabeledExample.newBuilder().setId(idOn(2)).setTask("spam")
                .setText(" ").setLabel("spam").setEventTime(T0).build());
        send(null, value, new RecordHeaders());

        assertThat(nextWrittenToExamples()).isNull();
        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.BLANK_TEXT.name());
        assertThat(deadLetter.getSourcePartition()).isZero();
        assertThat(deadLetter.getSourceOffset()).isZero();
    }

    @Test
    void shouldCountReroutesSoThatReceivedIsAcceptedDeadLetteredDuplicatesAndRerouted() {
        String id = idOn(1);
        send(id, example(id), new RecordHeaders());
        send("another-key", example(id), new RecordHeaders());
        send(null, example(id), new RecordHeaders());

        // Three originals (all off partition 1), three copies back; one accepted, two duplicates.
        assertThat(shards.readValuesToList()).hasSize(1);
        double received = count(IngestMetrics.RECEIVED);
        assertThat(received).isEqualTo(6);
        assertThat(count(IngestMetrics.REROUTED)).isEqualTo(3);
        assertThat(count(IngestMetrics.DUPLICATES)).isEqualTo(2);
        assertThat(count(IngestMetrics.ACCEPTED) + count(IngestMetrics.DEAD_LETTERED)
                + count(IngestMetrics.DUPLICATES) + count(IngestMetrics.REROUTED)).isEqualTo(received);
    }
}
