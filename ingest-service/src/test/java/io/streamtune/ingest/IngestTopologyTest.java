package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.Split;
import io.streamtune.schemas.TrainingShard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the ingest topology, driven through the real topology in {@link TopologyTestDriver}. */
class IngestTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final AvroBinarySerde<LabeledExample> EXAMPLES = new AvroBinarySerde<>(LabeledExample.class);
    private static final AvroBinarySerde<DeadLetter> DEAD_LETTERS = new AvroBinarySerde<>(DeadLetter.class);
    private static final AvroBinarySerde<TrainingShard> SHARDS = new AvroBinarySerde<>(TrainingShard.class);
    /** Each test starts on a fresh state directory: no open shard is ever rebuilt from the input. */
    private static final InputReplay NO_RESTARTS = (partition, from, to, action) -> {
        throw new AssertionError("unexpected replay of " + partition);
    };

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], DeadLetter> dlq;
    private TestOutputTopic<String, LabeledExample> validation;
    private TestOutputTopic<String, TrainingShard> shards;

    @AfterEach
    void closeDrivers() {
        drivers.forEach(TopologyTestDriver::close);
    }

    /** Config of most tests: every valid example trains, shards close at 5 examples or 10 s. */
    private static Map<String, String> baseConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("schema.registry.url", "http://127.0.0.1:8081");
        config.put("tasks", "spam,digits");
        config.put("task.spam.labels", "ham,spam");
        config.put("task.spam.max.text.chars", "100");
        config.put("task.digits.labels", "0,1,2");
        config.put("task.digits.feature.dimension", "3");
        config.put("validation.fraction", "0");
        config.put("dedup.horizon.ms", String.valueOf(Duration.ofHours(1).toMillis()));
        config.put("future.tolerance.ms", String.valueOf(Duration.ofMinutes(1).toMillis()));
        config.put("shard.max.examples", "5");
        config.put("shard.max.age.ms", "10000");
        config.put("shard.check.interval.ms", "1000");
        return config;
    }

    private void start(Map<String, String> overrides) {
        Map<String, String> settings = baseConfig();
        settings.putAll(overrides);
        IngestConfig config = new IngestConfig(settings);
        IngestSerdes serdes = new IngestSerdes(EXAMPLES, EXAMPLES, DEAD_LETTERS, SHARDS);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("driver-" + drivers.size()).toString());
        // The driver's topics have one partition, so every id is on its canonical one (CanonicalRerouteTest).
        driver = new TopologyTestDriver(IngestTopology.build(config, serdes, NO_RESTARTS, registry, 1), props, T0);
        drivers.add(driver);
        input = driver.createInputTopic(Topics.EXAMPLES.name(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(Topics.EXAMPLES_DLQ.name(), new ByteArrayDeserializer(), DEAD_LETTERS);
        validation = driver.createOutputTopic(Topics.EXAMPLES_VALIDATION.name(), new StringDeserializer(), EXAMPLES);
        shards = driver.createOutputTopic(Topics.SHARDS.name(), new StringDeserializer(), SHARDS);
    }

    private void start() {
        start(Map.of());
    }

    private static LabeledExample.Builder spam(String id) {
        return LabeledExample.newBuilder().setId(id).setTask("spam").setText("Win a free cruise, " + id)
                .setLabel("spam").setEventTime(T0).setSource("test");
    }

    private static LabeledExample.Builder digit(String id, Double... features) {
        return LabeledExample.newBuilder().setId(id).setTask("digits").setText("digit " + id).setLabel("1")
                .setFeatures(Arrays.asList(features)).setEventTime(T0);
    }

    private void send(LabeledExample example) {
        send(example, T0);
    }

    private void send(LabeledExample example, Instant timestamp) {
        input.pipeInput(new TestRecord<>(bytes(example.getId()), EXAMPLES.serialize(null, example),
                new RecordHeaders(), timestamp));
    }

    private static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** Sum over the meter's counters with these tags (name, value, name, value...). */
    private double count(String meter, String... tags) {
        return registry.get(meter).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    static Stream<Arguments> brokenExamples() {
        return Stream.of(
                Arguments.of(ReasonCode.MISSING_ID, spam("x").setId(null).build()),
                Arguments.of(ReasonCode.BLANK_ID, spam(" \t").build()),
                Arguments.of(ReasonCode.MISSING_TASK, spam("1").setTask(null).build()),
                Arguments.of(ReasonCode.UNKNOWN_TASK, spam("1").setTask("sentiment").build()),
                Arguments.of(ReasonCode.MISSING_TEXT, spam("1").setText(null).build()),
                Arguments.of(ReasonCode.BLANK_TEXT, spam("1").setText("   \n").build()),
                Arguments.of(ReasonCode.TEXT_TOO_LONG, spam("1").setText("x".repeat(101)).build()),
                Arguments.of(ReasonCode.MISSING_LABEL, spam("1").setLabel(null).build()),
                Arguments.of(ReasonCode.UNKNOWN_LABEL, spam("1").setLabel("eggs").build()),
                Arguments.of(ReasonCode.FEATURES_WRONG_DIMENSION, digit("1", 0.1, 0.2).build()),
                Arguments.of(ReasonCode.FEATURE_NAN, digit("1", 0.1, Double.NaN, 0.3).build()),
                Arguments.of(ReasonCode.FEATURE_INFINITE, digit("1", 0.1, 0.2, Double.NEGATIVE_INFINITY).build()),
                Arguments.of(ReasonCode.EVENT_TIME_IN_FUTURE,
                        spam("1").setEventTime(T0.plus(Duration.ofMinutes(2))).build()),
                Arguments.of(ReasonCode.EVENT_TIME_TOO_OLD,
                        spam("1").setEventTime(T0.minus(Duration.ofDays(366))).build()));
    }

    @Test
    void shouldDeadLetterTextWhoseBytesAreNotUtf8() {
        start();
        byte[] value = EXAMPLES.serialize(null, spam("1").setText("caf\u00e9 au lait").build());
        // Turn the two bytes of 'é' (C3 A9) into C3 28: a lead byte without its continuation, as a producer that
        // wrote Latin-1 or cut a string mid-character would send.
        int at = indexOf(value, (byte) 0xC3, (byte) 0xA9);
        value[at + 1] = 0x28;
        input.pipeInput(new TestRecord<>(bytes("k1"), value, new RecordHeaders(), T0));

        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.INVALID_UTF8_TEXT.name());
        assertThat(deadLetter.getReasonText()).contains("index 3");
        assertThat(deadLetter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(value));
    }

    @Test
    void shouldDeadLetterTextWhoseBytesEncodeALoneSurrogate() {
        start();
        byte[] value = EXAMPLES.serialize(null, spam("1").setText("x\u20acy").build());
        // Turn '€' (E2 82 AC) into ED A0 80: the three-byte form of the lone high surrogate U+D800, which CESU-8
        // writers produce and UTF-8 forbids. The decoder must not hand it on as a surrogate char.
        int at = indexOf(value, (byte) 0xE2, (byte) 0x82);
        value[at] = (byte) 0xED;
        value[at + 1] = (byte) 0xA0;
        value[at + 2] = (byte) 0x80;
        input.pipeInput(new TestRecord<>(bytes("k1"), value, new RecordHeaders(), T0));

        assertThat(dlq.readValue().getReasonCode()).isEqualTo(ReasonCode.INVALID_UTF8_TEXT.name());
    }

    @Test
    void shouldAcceptTextWithAReplacementCharacterTheProducerReallySent() {
        start();
        input.pipeInput(new TestRecord<>(bytes("k1"),
                EXAMPLES.serialize(null, spam("1").setText("caf\uFFFD au lait, as the mail archive stored it").build()),
                new RecordHeaders(), T0));

        assertThat(dlq.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(1.0);
    }

    private static int indexOf(byte[] haystack, byte first, byte second) {
        for (int i = 0; i + 1 < haystack.length; i++) {
            if (haystack[i] == first && haystack[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("byte pair not found");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenExamples")
    void shouldDeadLetterBrokenExampleWithItsReasonCodeAndOriginalBytes(ReasonCode code, LabeledExample example) {
        start();
        byte[] value = EXAMPLES.serialize(null, example);
        input.pipeInput(new TestRecord<>(bytes("k1"), value, new RecordHeaders(), T0));

        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getReasonCode()).isEqualTo(code.name());
        assertThat(deadLetter.getReasonText()).isNotBlank();
        assertThat(deadLetter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(deadLetter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(bytes("k1")));
        assertThat(deadLetter.getSourceTopic()).isEqualTo(Topics.EXAMPLES.name());
        assertThat(deadLetter.getSourceOffset()).isZero();
        assertThat(count(IngestMetrics.DEAD_LETTERED, "reason", code.name())).isEqualTo(1.0);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(validation.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(shards.isEmpty()).isTrue();
    }

    @Test
    void shouldHaveOneTestCasePerReasonCode() {
        Set<ReasonCode> covered = EnumSet.noneOf(ReasonCode.class);
        brokenExamples().forEach(arguments -> covered.add((ReasonCode) arguments.get()[0]));
        // The codes that need more than an example's fields (its raw bytes or its encoded size) have their own tests,
        // the decode defects of the registry wire format in IngestDecodeTest.
        covered.addAll(EnumSet.of(ReasonCode.NO_VALUE, ReasonCode.UNKNOWN_MAGIC_BYTE, ReasonCode.TRUNCATED_PAYLOAD,
                ReasonCode.UNKNOWN_SCHEMA_ID, ReasonCode.WRONG_SCHEMA, ReasonCode.MALFORMED_AVRO,
                ReasonCode.RECORD_TOO_LARGE));
        covered.add(ReasonCode.EXAMPLE_TOO_LARGE);
        covered.add(ReasonCode.INVALID_UTF8_TEXT);

        assertThat(covered).containsExactlyInAnyOrder(ReasonCode.values());
    }

    @Test
    void shouldDeadLetterUndecodableBytesWithKeyValueAndHeadersAsReceived() {
        start();
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x42, (byte) 0x9c};
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", bytes("abc-123"));
        input.pipeInput(new TestRecord<>(bytes("raw-key"), garbage, headers, T0));

        TestRecord<byte[], DeadLetter> record = dlq.readRecord();
        DeadLetter deadLetter = record.value();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.MALFORMED_AVRO.name());
        assertThat(deadLetter.getReasonText()).contains("LabeledExample");
        assertThat(deadLetter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(garbage));
        assertThat(deadLetter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(bytes("raw-key")));
        assertThat(deadLetter.getOriginalHeaders()).containsEntry("trace-id", ByteBuffer.wrap(bytes("abc-123")));
        assertThat(record.key()).isEqualTo(bytes("raw-key"));
        assertThat(deadLetter.getDeadLetteredAt()).isEqualTo(T0);
    }

    @Test
    void shouldDeadLetterRecordWithoutValueAsNoValue() {
        start();
        input.pipeInput(new TestRecord<>(bytes("tombstone"), null, new RecordHeaders(), T0));

        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.NO_VALUE.name());
        assertThat(deadLetter.getOriginalValue()).isNull();
    }

    @Test
    void shouldKeepProcessingAfterUndecodableRecord() {
        start();
        input.pipeInput(new TestRecord<>(bytes("bad"), new byte[] {1, 2, 3}, new RecordHeaders(), T0));
        IntStream.range(0, 5).forEach(i -> send(spam("id-" + i).build()));

        assertThat(dlq.getQueueSize()).isEqualTo(1);
        assertThat(shards.readValue().getExamples()).hasSize(5);
    }

    @Test
    void shouldDeadLetterExampleLargerThanShardByteLimit() {
        start(Map.of("shard.max.bytes", "1024", "task.spam.max.text.chars", "5000"));
        send(spam("big").setText("y".repeat(1100)).build());

        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.EXAMPLE_TOO_LARGE.name());
        assertThat(deadLetter.getReasonText()).contains("1024");
    }

    @Test
    void shouldDeadLetterARecordTooLargeToCarryWithItsSizeHashAndPrefixAndKeepGoing() throws Exception {
        start(Map.of("task.spam.max.text.chars", String.valueOf(RecordSizeLimits.MAX_TEXT_CHARS)));
        // A valid example with a 16.9 MiB text: under the examples topic's limit, over any dead letter's.
        byte[] value = EXAMPLES.serialize(null, spam("huge").setText("x".repeat(17_720_000)).build());
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", bytes("abc-123"));
        input.pipeInput(new TestRecord<>(bytes("huge"), value, headers, T0));
        send(spam("after").build());

        TestRecord<byte[], DeadLetter> record = dlq.readRecord();
        DeadLetter deadLetter = record.value();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.RECORD_TOO_LARGE.name());
        assertThat(deadLetter.getReasonText()).contains(String.valueOf(value.length));
        assertThat(deadLetter.getOriginalValue()).isNull();
        assertThat(deadLetter.getOriginalValueSize()).isEqualTo(value.length);
        assertThat(deadLetter.getOriginalValueSha256()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
        assertThat(deadLetter.getOriginalValuePrefix())
                .isEqualTo(ByteBuffer.wrap(value, 0, RecordSizeLimits.DEAD_LETTER_PREFIX_BYTES));
        assertThat(deadLetter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(bytes("huge")));
        assertThat(deadLetter.getOriginalHeaders()).containsEntry("trace-id", ByteBuffer.wrap(bytes("abc-123")));
        assertThat(deadLetter.getSourceTopic()).isEqualTo(Topics.EXAMPLES.name());
        assertThat(deadLetter.getSourceOffset()).isZero();
        assertThat(DEAD_LETTERS.serialize(null, deadLetter).length)
                .isLessThan(RecordSizeLimits.DEAD_LETTER_ENVELOPE_BYTES);
        assertThat(count(IngestMetrics.DEAD_LETTERED, "reason", ReasonCode.RECORD_TOO_LARGE.name())).isEqualTo(1.0);
        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(1.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterARecordWhoseHeadersAloneAreTooLargeWithoutKeyOrHeaders() {
        start();
        byte[] value = EXAMPLES.serialize(null, spam("h").build());
        RecordHeaders headers = new RecordHeaders();
        headers.add("blob", new byte[RecordSizeLimits.MAX_DEAD_LETTER_BYTES / 2]);
        input.pipeInput(new TestRecord<>(bytes("h"), value, headers, T0));

        TestRecord<byte[], DeadLetter> record = dlq.readRecord();
        assertThat(record.value().getReasonCode()).isEqualTo(ReasonCode.RECORD_TOO_LARGE.name());
        assertThat(record.value().getOriginalValuePrefix()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(record.value().getOriginalHeaders()).isEmpty();
        assertThat(record.headers().toArray()).isEmpty();
        assertThat(record.key()).isNull();
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"00A0", "200B", "FEFF", "2007", "2060", "200D"})
    void shouldDeadLetterTextOfOnlyInvisibleCharactersAsBlank(String codePoint) {
        start();
        String invisible = Character.toString(Integer.parseInt(codePoint, 16));
        send(spam("1").setText(invisible + " " + invisible + "\n").build());

        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.BLANK_TEXT.name());
        assertThat(deadLetter.getReasonText()).contains("invisible");
    }

    @Test
    void shouldAcceptTextWithAVisibleCharacterBetweenInvisibleOnes() {
        start();
        send(spam("1").setText("\u200B\u00A0ok\uFEFF").build());

        assertThat(dlq.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(1.0);
    }

    @Test
    void shouldDeadLetterEventTimeOlderThanTheConfiguredHorizon() {
        start(Map.of("event.time.max.age.ms", String.valueOf(Duration.ofDays(7).toMillis())));
        send(spam("week-old").setEventTime(T0.minus(Duration.ofDays(6))).build());
        send(spam("too-old").setEventTime(T0.minus(Duration.ofDays(8))).build());

        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.EVENT_TIME_TOO_OLD.name());
        assertThat(deadLetter.getReasonText()).contains("8 days before the record timestamp", "event.time.max.age.ms");
        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(1.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldBlameTheRecordTimestampNotTheEventTimeWhenTheTimestampIsFrom1970() {
        start();
        send(spam("1").build(), Instant.EPOCH);

        DeadLetter deadLetter = dlq.readValue();
        assertThat(deadLetter.getReasonCode()).isEqualTo(ReasonCode.EVENT_TIME_IN_FUTURE.name());
        assertThat(deadLetter.getReasonText()).startsWith("record timestamp 1970-01-01T00:00:00Z is")
                .contains("before the wall clock", "producer set it wrong");
    }

    @Test
    void shouldDropAndCountDuplicateIdWithinHorizonButAcceptItAfterwards() {
        start(Map.of("shard.max.examples", "1"));
        send(spam("same").build(), T0);
        send(spam("same").setText("retried").build(), T0.plus(Duration.ofMinutes(59)));
        send(spam("same").build(), T0.plus(Duration.ofMinutes(121)));

        List<TrainingShard> emitted = shards.readValuesToList();
        assertThat(emitted).hasSize(2);
        assertThat(emitted).allSatisfy(shard -> assertThat(shard.getExamples()).extracting(ShardExample::getId)
                .containsExactly("same"));
        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isEqualTo(1.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldDropDuplicateWithinHorizonAcrossAnHourBoundaryAndOutOfOrder() {
        start();
        Instant eventTime = T0.minus(Duration.ofHours(1));
        send(spam("same").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(30)));
        send(spam("same").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(90))); // the horizon later
        send(spam("same").setEventTime(eventTime).build(), T0.minus(Duration.ofMinutes(30))); // the horizon earlier
        send(spam("other").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(59)));
        send(spam("other").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(1))); // earlier, same hour
        send(spam("same").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(91))); // past the horizon

        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(3.0);
        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isEqualTo(3.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldRememberIdsTwoHorizonsBehindTheNewestAndForgetOlderOnes() {
        start();
        send(spam("x").build(), T0);
        send(spam("y").build(), T0.plus(Duration.ofMinutes(130))); // the newest bucket is now two after x's
        send(spam("x").build(), T0.plus(Duration.ofMinutes(10))); // late, within x's horizon
        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isEqualTo(1.0);

        send(spam("z").build(), T0.plus(Duration.ofMinutes(190))); // three after: x's bucket is dropped
        send(spam("x").build(), T0.plus(Duration.ofMinutes(20)));

        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isEqualTo(1.0);
        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(4.0);
    }

    @Test
    void shouldLogAcceptedIdsToTheDedupChangelogButNotDuplicatesOrRefusedOnes() {
        start();
        send(spam("a").build());
        send(spam("a").build());
        send(spam("b").setLabel(null).build());
        send(spam("c").build(), T0.plusSeconds(5));

        TestOutputTopic<byte[], byte[]> changelog = driver.createOutputTopic(
                "ingest-test-" + IngestTopology.DEDUP_STORE + "-changelog", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        Map<Long, List<String>> chunks = new TreeMap<>();
        changelog.readKeyValuesToList().forEach(chunk -> DedupStore.readChunk(chunk.value, (key, time) ->
                chunks.computeIfAbsent(ByteBuffer.wrap(chunk.key).getLong(), offset -> new ArrayList<>())
                        .add(new String(key, StandardCharsets.UTF_8) + "@" + Instant.ofEpochMilli(time))));

        // The driver commits after every record: one chunk per accepted example, keyed by its input offset.
        assertThat(chunks).containsExactly(Map.entry(0L, List.of("spam/a@" + T0)),
                Map.entry(3L, List.of("spam/c@" + T0.plusSeconds(5))));
    }

    @Test
    void shouldWriteNothingMoreOnceTheTransactionHoldingItsOutputWasAborted() {
        start(Map.of("validation.fraction", "0.5"));
        send(spam("before").build());
        long validationBefore = validation.getQueueSize();

        AbortedTransactionGuard.abortedOnThisThread();

        assertThatThrownBy(() -> send(spam("after").build())).satisfies(error ->
                assertThat(AbortedTransactionGuard.causedBy(error)).as(error.toString()).isTrue());
        assertThat(validation.getQueueSize()).isEqualTo(validationBefore);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.RECEIVED)).isEqualTo(1.0);
        assertThat(count(IngestMetrics.THREADS_RESTARTED_AFTER_ABORT)).isEqualTo(1.0);
    }

    @Test
    void shouldTreatSameIdInAnotherTaskAsDistinct() {
        start(Map.of("shard.max.examples", "1"));
        send(spam("7").build());
        send(digit("7", 1.0, 2.0, 3.0).build());

        assertThat(shards.readKeyValuesToMap()).containsOnlyKeys("spam", "digits");
        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isZero();
    }

    @Test
    void shouldSplitByIdHashTheSameWayInEveryRunAndOrder() {
        Map<String, String> fraction = Map.of("validation.fraction", "0.3", "shard.max.examples", "1000");
        List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "example-" + i).toList();

        start(fraction);
        ids.forEach(id -> send(spam(id).build()));
        Set<String> firstRun = validationIds();
        start(fraction);
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        reversed.forEach(id -> send(spam(id).build()));
        Set<String> secondRun = validationIds();

        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(firstRun.size() / (double) ids.size()).isBetween(0.27, 0.33);
        assertThat(count(IngestMetrics.ACCEPTED, "task", "spam", "split", "VALIDATION"))
                .isEqualTo(2.0 * firstRun.size());
    }

    private Set<String> validationIds() {
        Set<String> ids = new HashSet<>();
        validation.readValuesToList().forEach(example -> ids.add(example.getId()));
        return ids;
    }

    @Test
    void shouldLetExplicitSplitOverrideTheHash() {
        start(Map.of("task.spam.validation.fraction", "1.0", "task.digits.validation.fraction", "0.0",
                "shard.max.examples", "1"));
        send(spam("forced-train").setSplit(Split.TRAIN).build());
        send(digit("forced-validation", 1.0, 2.0, 3.0).setSplit(Split.VALIDATION).build());

        assertThat(validation.readKeyValue().value.getId()).isEqualTo("forced-validation");
        assertThat(shards.readValue().getExamples().get(0).getId()).isEqualTo("forced-train");
    }

    @Test
    void shouldCloseShardAtMaxExamplesWithIdRangesAndHistogram() {
        start();
        send(spam("a").setLabel("ham").build());
        send(spam("b").setLabel(null).build()); // dead-lettered, but inside the shard's offset range
        send(spam("c").build());
        send(spam("d").setLabel("ham").build());
        send(spam("e").build());
        send(spam("f").build());
        send(spam("g").build());

        TestRecord<String, TrainingShard> record = shards.readRecord();
        TrainingShard shard = record.value();
        assertThat(record.key()).isEqualTo("spam");
        assertThat(shard.getClosedBy()).isEqualTo(ClosedBy.COUNT.name());
        assertThat(shard.getExamples()).extracting(ShardExample::getId).containsExactly("a", "c", "d", "e", "f");
        assertThat(shard.getSourceRanges()).containsExactly(new OffsetRange(Topics.EXAMPLES.name(), 0, 0L, 5L));
        assertThat(shard.getShardId()).isEqualTo("spam-examples-0-0-5");
        assertThat(shard.getLabelHistogram()).isEqualTo(Map.of("ham", 2L, "spam", 3L));
        assertThat(shard.getExamples().get(0).getIngestedAt()).isEqualTo(T0);
        assertThat(shards.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.SHARDS, "closed_by", "COUNT")).isEqualTo(1.0);
    }

    @Test
    void shouldCloseShardBeforeItsExamplesExceedMaxBytes() {
        start(Map.of("shard.max.bytes", "1024", "shard.max.examples", "100", "task.spam.max.text.chars", "1000"));
        IntStream.range(0, 6).forEach(i -> send(spam("id-" + i).setText("z".repeat(300)).build()));

        TrainingShard shard = shards.readValue();
        assertThat(shard.getClosedBy()).isEqualTo(ClosedBy.BYTES.name());
        assertThat(shard.getExamples()).hasSize(3);
        int exampleBytes = shard.getExamples().stream()
                .mapToInt(example -> new AvroBinarySerde<>(ShardExample.class).serialize(null, example).length)
                .sum();
        assertThat(exampleBytes).isLessThanOrEqualTo(1024);
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(shards.readValue().getExamples()).extracting(ShardExample::getId)
                .containsExactly("id-3", "id-4", "id-5");
    }

    @Test
    void shouldCloseShardByWallClockAgeWithoutFurtherRecords() {
        start();
        send(spam("early").build());
        driver.advanceWallClockTime(Duration.ofSeconds(4));
        send(spam("later").build());
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(shards.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(1));

        TrainingShard shard = shards.readValue();
        assertThat(shard.getClosedBy()).isEqualTo(ClosedBy.TIME.name());
        assertThat(shard.getExamples()).extracting(ShardExample::getId).containsExactly("early", "later");
        assertThat(shard.getWindowStart()).isEqualTo(T0);
        assertThat(shard.getWindowEnd()).isEqualTo(T0.plus(Duration.ofSeconds(10)));
    }

    @Test
    void shouldSaveWhatTheOpenShardTookWhenStreamsCommits() {
        start();
        send(spam("a").build());
        send(spam("b").setLabel(null).build());
        KeyValueStore<String, byte[]> openShards = driver.getKeyValueStore(IngestTopology.OPEN_SHARDS_STORE);
        byte[] afterOne = openShards.get("spam");

        send(spam("c").build()); // the driver commits after each record, and the commit runs the hook

        assertThat(afterOne).isNotNull();
        assertThat(openShards.get("spam")).isNotNull().isNotEqualTo(afterOne);
        IntStream.range(0, 3).forEach(i -> send(spam("full-" + i).build()));
        assertThat(shards.readValue().getExamples()).hasSize(5);
        assertThat(openShards.get("spam")).isNull();
    }

    @Test
    void shouldKeepOneOpenShardPerTask() {
        start();
        IntStream.range(0, 4).forEach(i -> send(spam("s" + i).build()));
        IntStream.range(0, 5).forEach(i -> send(digit("d" + i, 1.0, 2.0, 3.0).build()));

        TestRecord<String, TrainingShard> digits = shards.readRecord();
        assertThat(digits.key()).isEqualTo("digits");
        assertThat(digits.value().getSourceRanges()).containsExactly(new OffsetRange("examples", 0, 4L, 8L));
        assertThat(shards.isEmpty()).isTrue();
    }

    @Test
    void shouldAccountForEveryRecordInTheMetrics() {
        start();
        input.pipeInput(new TestRecord<>(bytes("x"), new byte[] {9}, new RecordHeaders(), T0));
        send(spam("1").build());
        send(spam("1").build());
        send(spam("2").setLabel("eggs").build());
        send(spam("3").build());

        assertThat(count(IngestMetrics.RECEIVED)).isEqualTo(5.0);
        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(2.0);
        assertThat(count(IngestMetrics.DEAD_LETTERED)).isEqualTo(2.0);
        assertThat(count(IngestMetrics.DUPLICATES)).isEqualTo(1.0);
    }
}
