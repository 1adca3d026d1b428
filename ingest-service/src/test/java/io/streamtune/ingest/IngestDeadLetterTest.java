package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Records that are not examples, or too large to carry whole, are dead-lettered with what they carried, and processing
 * goes on. Driven through the real topology ({@link IngestTopologyFixture}).
 */
class IngestDeadLetterTest extends IngestTopologyFixture {

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
}
