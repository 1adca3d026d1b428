package io.streamtune.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final DeadLetters SMALL = new DeadLetters(RecordSizeLimits.DEAD_LETTER_ENVELOPE_BYTES + 100_000);
    private static final DeadLetters.Source SOURCE = new DeadLetters.Source("examples", 2, 41L);
    private static final Instant AT = Instant.parse("2026-12-05T09:00:00Z");

    @Test
    void shouldCarryARecordThatFitsWhole() {
        byte[] value = new byte[90_000];
        List<Header> headers = List.of(new RecordHeader("h", new byte[] {1}));

        DeadLetter letter = SMALL.refused("BLANK_TEXT", "text is blank", new byte[] {7}, value, headers, SOURCE, AT);

        assertThat(letter.getReasonCode()).isEqualTo("BLANK_TEXT");
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(letter.getOriginalHeaders()).containsKey("h");
        assertThat(letter.getOriginalValueSize()).isNull();
        assertThat(letter.getSourceOffset()).isEqualTo(41L);
    }

    @Test
    void shouldTurnARefusalTooLargeToCarryIntoRecordTooLargeWithTheFirstReasonInItsText() {
        byte[] value = new byte[100_001];
        value[0] = 42;

        DeadLetter letter = SMALL.refused("TEXT_TOO_LONG", "text has 100001 characters", null, value, List.of(),
                SOURCE, AT);

        assertThat(letter.getReasonCode()).isEqualTo(DeadLetters.RECORD_TOO_LARGE);
        assertThat(letter.getReasonText()).contains("TEXT_TOO_LONG", "100001");
        assertThat(letter.getOriginalValue()).isNull();
        assertThat(letter.getOriginalValueSize()).isEqualTo(100_001L);
        assertThat(letter.getOriginalValueSha256()).hasSize(64);
        assertThat(letter.getOriginalValuePrefix().remaining()).isEqualTo(RecordSizeLimits.DEAD_LETTER_PREFIX_BYTES);
        assertThat(letter.getOriginalValuePrefix().get(0)).isEqualTo((byte) 42);
    }

    @Test
    void shouldBuildATooLargeLetterForTheRecordTooLargeCodeAndARefusalForAnyOther() {
        byte[] value = new byte[] {1, 2, 3};

        DeadLetter tooLarge = SMALL.letter(DeadLetters.RECORD_TOO_LARGE, "the record", null, value, List.of(), SOURCE,
                AT);
        DeadLetter refused = SMALL.letter("BLANK_TEXT", "text is blank", null, value, List.of(), SOURCE, AT);

        assertThat(tooLarge.getReasonCode()).isEqualTo(DeadLetters.RECORD_TOO_LARGE);
        assertThat(tooLarge.getReasonText()).startsWith("the record is too large to forward");
        assertThat(tooLarge.getOriginalValue()).isNull();
        assertThat(tooLarge.getOriginalValueSize()).isEqualTo(3L);
        assertThat(refused.getReasonCode()).isEqualTo("BLANK_TEXT");
        assertThat(refused.getOriginalValue()).isEqualTo(ByteBuffer.wrap(value));
    }

    @Test
    void shouldDeadLetterAConsumedRecordWithItsKeyAndWhereItWasRead() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("shards", 3, 17L, "spam", new byte[] {9});
        record.headers().add("h", new byte[] {1});

        DeadLetter letter = SMALL.letter("SHARD_UNDECODABLE", "bad magic byte", record, AT);

        assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap("spam".getBytes(StandardCharsets.UTF_8)));
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(new byte[] {9}));
        assertThat(letter.getOriginalHeaders()).containsKey("h");
        assertThat(List.of(letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset()))
                .containsExactly("shards", 3, 17L);
        assertThat(letter.getDeadLetteredAt()).isEqualTo(AT);
    }

    @Test
    void shouldCountKeyAndHeadersTwiceSinceTheDeadLetterRecordRepeatsThem() {
        byte[] key = new byte[30_000];
        byte[] value = new byte[30_000];

        assertThat(DeadLetters.carriedBytes(key, value, List.of())).isEqualTo(90_000L);
        assertThat(SMALL.fitsWhole(key, value, List.of())).isTrue();
        assertThat(SMALL.fitsWhole(key, new byte[40_001], List.of())).isFalse();
    }

    @Test
    void shouldDropKeyAndHeadersThatDoNotFitBesideThePrefix() {
        List<Header> headers = List.of(new RecordHeader("blob", new byte[60_000]));

        DeadLetter letter = SMALL.tooLarge("the record", new byte[] {1}, new byte[10], headers, SOURCE, AT);

        assertThat(letter.getOriginalKey()).isNull();
        assertThat(letter.getOriginalHeaders()).isEmpty();
        assertThat(letter.getReasonText()).contains("key and headers dropped");
    }

    @Test
    void shouldCutALongReasonText() {
        DeadLetter letter = SMALL.refused("MALFORMED_AVRO", "x".repeat(100_000), null, new byte[1], List.of(),
                SOURCE, AT);

        assertThat(letter.getReasonText()).hasSize(RecordSizeLimits.MAX_REASON_TEXT_CHARS);
    }
}
