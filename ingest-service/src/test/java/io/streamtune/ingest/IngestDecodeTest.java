package io.streamtune.ingest;

import static io.streamtune.ingest.ForeignRecords.framed;
import static io.streamtune.ingest.ForeignRecords.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistryDeserializer;
import io.streamtune.registry.SchemaRegistryClient;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.TrainingShard;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decode defects of records in the registry wire format, each with its own reason code: the real topology in
 * {@link TopologyTestDriver} with the real registry client and deserializer, against {@link FakeRegistryEndpoint}.
 */
class IngestDecodeTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final int EXAMPLE_ID = 1;
    private static final int TWEET_ID = 2;
    private static final int NAMED_ELSEWHERE_ID = 3;
    private static final int UNREADABLE_ID = 4;
    /** A record that cannot be read as a LabeledExample: its required fields are missing. */
    private static final Schema UNREADABLE = SchemaBuilder.record("LabeledExample")
            .namespace("io.streamtune.schemas").fields().requiredInt("count").endRecord();
    private static final AvroBinarySerde<LabeledExample> PLAIN = new AvroBinarySerde<>(LabeledExample.class);
    private static final AvroBinarySerde<DeadLetter> DEAD_LETTERS = new AvroBinarySerde<>(DeadLetter.class);

    @TempDir
    Path stateDir;

    private final FakeRegistryEndpoint registry = new FakeRegistryEndpoint();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong clockMs = new AtomicLong(T0.toEpochMilli());
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], DeadLetter> dlq;

    @BeforeEach
    void start() {
        registry.register(EXAMPLE_ID, LabeledExample.getClassSchema(), "examples-value");
        registry.register(TWEET_ID, ForeignRecords.TWEET, "tweets-value");
        registry.register(NAMED_ELSEWHERE_ID, LabeledExample.getClassSchema(), "legacy-value");
        registry.register(UNREADABLE_ID, UNREADABLE, "examples-value");
        IngestConfig config = new IngestConfig(Map.of("schema.registry.url", registry.url(), "tasks", "spam",
                "task.spam.labels", "ham,spam", "validation.fraction", "0"));
        SchemaRegistryClient client = new SchemaRegistryClient(new SchemaRegistryConfig(Map.of(
                SchemaRegistryConfig.URL_CONFIG, registry.url())));
        WriterSchemaGuard guard = new WriterSchemaGuard(
                new AvroRegistryDeserializer<>(client, LabeledExample.class, null),
                WriterSchemaGuard.Registry.of(client), config.exampleSubjects(), config.exampleRecordNames(),
                clockMs::get);
        AvroBinarySerde<TrainingShard> shards = new AvroBinarySerde<>(TrainingShard.class);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-decode-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(IngestTopology.build(config, LiveTaskRules.pinned(config),
                new IngestSerdes(guard, PLAIN, DEAD_LETTERS, shards),
                (partition, from, to, action) -> { }, meters, 1), props, T0);
        input = driver.createInputTopic(Topics.EXAMPLES.name(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(Topics.EXAMPLES_DLQ.name(), new ByteArrayDeserializer(), DEAD_LETTERS);
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    private static LabeledExample example(String id) {
        return LabeledExample.newBuilder().setId(id).setTask("spam").setText("Win a cruise").setLabel("spam")
                .setEventTime(T0).build();
    }

    private DeadLetter deadLetterOf(byte[] value) {
        input.pipeInput(new TestRecord<>("k".getBytes(), value, new RecordHeaders(), T0));
        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getOriginalValue()).isEqualTo(value == null ? null : ByteBuffer.wrap(value));
        assertThat(meters.get(IngestMetrics.DEAD_LETTERED).tag("reason", deadLetter.getReasonCode()).counter()
                .count()).isEqualTo(1.0);
        return deadLetter;
    }

    private double accepted() {
        return meters.get(IngestMetrics.ACCEPTED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void shouldAcceptAnExampleWrittenWithAVersionOfTheExamplesSubject() {
        input.pipeInput(new TestRecord<>("k".getBytes(), framed(EXAMPLE_ID, PLAIN.serialize(null, example("1"))),
                new RecordHeaders(), T0));

        assertThat(dlq.isEmpty()).isTrue();
        assertThat(accepted()).isEqualTo(1.0);
    }

    @Test
    void shouldDeadLetterAValueWithoutTheMagicByteAsUnknownMagicByte() {
        byte[] json = "{\"id\": \"1\"}".getBytes();

        DeadLetter deadLetter = deadLetterOf(json);

        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.UNKNOWN_MAGIC_BYTE.name());
        assertThat(deadLetter.getReasonText()).contains("0x7b");
    }

    @Test
    void shouldDeadLetterAValueShorterThanTheHeaderAsTruncatedPayload() {
        assertThat(deadLetterOf(new byte[] {0, 0, 1}).getReasonCode())
                .isEqualTo(ReasonCode.TRUNCATED_PAYLOAD.name());
    }

    @Test
    void shouldDeadLetterAnAvroBodyThatEndsEarlyAsTruncatedPayload() {
        byte[] whole = framed(EXAMPLE_ID, PLAIN.serialize(null, example("1")));

        assertThat(deadLetterOf(Arrays.copyOf(whole, whole.length - 4)).getReasonCode())
                .isEqualTo(ReasonCode.TRUNCATED_PAYLOAD.name());
    }

    @Test
    void shouldDeadLetterASchemaIdTheRegistryDoesNotKnowAsUnknownSchemaId() {
        DeadLetter deadLetter = deadLetterOf(framed(999, PLAIN.serialize(null, example("1"))));

        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.UNKNOWN_SCHEMA_ID.name());
        assertThat(deadLetter.getReasonText()).contains("999");
    }

    @Test
    void shouldDeadLetterBytesLeftOverAfterTheRecordAsMalformedAvro() {
        byte[] body = PLAIN.serialize(null, example("1"));

        assertThat(deadLetterOf(framed(EXAMPLE_ID, Arrays.copyOf(body, body.length + 3))).getReasonCode())
                .isEqualTo(ReasonCode.MALFORMED_AVRO.name());
    }

    @Test
    void shouldDeadLetterARecordOfAnotherSubjectWhoseFieldsMatchAsWrongSchema() {
        DeadLetter deadLetter = deadLetterOf(framed(TWEET_ID, tweet(T0.toEpochMilli())));

        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.WRONG_SCHEMA.name());
        assertThat(deadLetter.getReasonText()).contains("com.acme.Tweet", "tweets-value", "examples-value");
        assertThat(accepted()).isZero();
    }

    @Test
    void shouldDeadLetterALabeledExampleRegisteredOnlyUnderAnotherSubjectAsWrongSchema() {
        assertThat(deadLetterOf(framed(NAMED_ELSEWHERE_ID, PLAIN.serialize(null, example("1")))).getReasonCode())
                .isEqualTo(ReasonCode.WRONG_SCHEMA.name());
    }

    @Test
    void shouldDeadLetterAWriterSchemaTheReaderCannotResolveAsWrongSchema() {
        assertThat(deadLetterOf(framed(UNREADABLE_ID, new byte[] {2})).getReasonCode())
                .isEqualTo(ReasonCode.WRONG_SCHEMA.name());
    }

    @Test
    void shouldDeadLetterATombstoneAndAnEmptyValueAsNoValue() {
        assertThat(deadLetterOf(null).getReasonCode()).isEqualTo(ReasonCode.NO_VALUE.name());
        input.pipeInput(new TestRecord<>("k".getBytes(), new byte[0], new RecordHeaders(), T0));
        assertThat(dlq.readValue().getReasonCode()).isEqualTo(ReasonCode.NO_VALUE.name());
    }

    @Test
    void shouldAskTheRegistryOncePerSchemaIdAndAgainForARefusalAfterItsTtl() {
        for (int i = 0; i < 5; i++) {
            input.pipeInput(new TestRecord<>("k".getBytes(), framed(EXAMPLE_ID,
                    PLAIN.serialize(null, example("ok-" + i))), new RecordHeaders(), T0));
            input.pipeInput(new TestRecord<>("k".getBytes(), framed(TWEET_ID, tweet(T0.toEpochMilli())),
                    new RecordHeaders(), T0));
        }
        // Per id: the schema (cached by the client), its subjects (cached by the guard).
        int afterFirstRecords = registry.requests();
        assertThat(afterFirstRecords).isEqualTo(4);

        clockMs.addAndGet(WriterSchemaGuard.REFUSAL_TTL_MS + 1);
        input.pipeInput(new TestRecord<>("k".getBytes(), framed(TWEET_ID, tweet(T0.toEpochMilli())),
                    new RecordHeaders(), T0));
        input.pipeInput(new TestRecord<>("k".getBytes(), framed(EXAMPLE_ID, PLAIN.serialize(null, example("x"))),
                new RecordHeaders(), T0));

        assertThat(registry.requests()).isEqualTo(afterFirstRecords + 1);
        assertThat(accepted()).isEqualTo(6.0);
        assertThat(Set.copyOf(dlq.readValuesToList().stream().map(DeadLetter::getReasonCode).toList()))
                .containsExactly(ReasonCode.WRONG_SCHEMA.name());
    }
}
