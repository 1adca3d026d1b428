package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Examples whose fields break a rule are dead-lettered with that rule's reason code and their original bytes; those
 * that keep the rules are accepted. Driven through the real topology ({@link IngestTopologyFixture}).
 */
class IngestValidationTest extends IngestTopologyFixture {

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
}
