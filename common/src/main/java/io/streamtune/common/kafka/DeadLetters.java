package io.streamtune.common.kafka;

import io.streamtune.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Builds dead letters whose size is bounded by construction: a refused record is carried whole (key, value and
 * headers, exactly as received) only when the dead letter then fits {@code maxBytes}; otherwise it becomes a
 * {@link #RECORD_TOO_LARGE} letter with the value's size, SHA-256 and first
 * {@link RecordSizeLimits#DEAD_LETTER_PREFIX_BYTES} bytes instead of the value. Reason texts are cut to
 * {@link RecordSizeLimits#MAX_REASON_TEXT_CHARS}.
 */
public final class DeadLetters {

    /** The reason code of a record too large to carry whole. */
    public static final String RECORD_TOO_LARGE = "RECORD_TOO_LARGE";

    /** Avro framing per header entry (length varints, union index), counted generously. */
    private static final int HEADER_FRAMING_BYTES = 16;

    private final int maxBytes;

    /**
     * @param maxBytes largest dead letter, e.g. {@link RecordSizeLimits#MAX_DEAD_LETTER_BYTES}; the dead-letter
     *                 topic and producer must accept it
     */
    public DeadLetters(int maxBytes) {
        if (maxBytes < RecordSizeLimits.DEAD_LETTER_ENVELOPE_BYTES + 2 * RecordSizeLimits.DEAD_LETTER_PREFIX_BYTES) {
            throw new IllegalArgumentException("a dead letter needs at least room for its envelope and a prefix");
        }
        this.maxBytes = maxBytes;
    }

    /** Where a refused record came from. */
    public record Source(String topic, int partition, long offset) {

        /** Where a consumer read {@code record}. */
        public static Source of(ConsumerRecord<?, ?> record) {
            return new Source(record.topic(), record.partition(), record.offset());
        }
    }

    /**
     * The dead letter of a record refused with {@code code}, built the same way in every service: a
     * {@link #RECORD_TOO_LARGE} refusal becomes {@link #tooLarge} ({@code reason} then names what was too large, e.g.
     * "the record"), any other code {@link #refused}.
     */
    public DeadLetter letter(String code, String reason, byte[] key, byte[] value, Iterable<Header> headers,
                             Source source, Instant at) {
        return RECORD_TOO_LARGE.equals(code) ? tooLarge(reason, key, value, headers, source, at)
                : refused(code, reason, key, value, headers, source, at);
    }

    /** As {@link #letter(String, String, byte[], byte[], Iterable, Source, Instant)}, for a record a consumer read. */
    public DeadLetter letter(String code, String reason, ConsumerRecord<String, byte[]> record, Instant at) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return letter(code, reason, key, record.value(), record.headers(), Source.of(record), at);
    }

    /**
     * Bytes a dead letter of this record takes beyond its envelope when it carries the record whole. Key and
     * headers count twice: the dead-letter record repeats them as its own key and headers.
     */
    public static long carriedBytes(byte[] key, byte[] value, Iterable<Header> headers) {
        return 2L * (length(key) + headerBytes(headers)) + length(value);
    }

    /** Whether a dead letter can carry this record whole. */
    public boolean fitsWhole(byte[] key, byte[] value, Iterable<Header> headers) {
        return carriedBytes(key, value, headers) <= maxBytes - RecordSizeLimits.DEAD_LETTER_ENVELOPE_BYTES;
    }

    /**
     * The dead letter of a refused record: whole when it fits, else {@link #tooLarge} with {@code code} and
     * {@code reason} kept in its reason text.
     */
    public DeadLetter refused(String code, String reason, byte[] key, byte[] value, Iterable<Header> headers,
                              Source source, Instant at) {
        if (!fitsWhole(key, value, headers)) {
            return tooLarge("refused as " + code + " (" + reason + "), and", key, value, headers, source, at);
        }
        return base(code, reason, source, at)
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setOriginalHeaders(headerMap(headers))
                .build();
    }

    /**
     * A {@link #RECORD_TOO_LARGE} dead letter: value size, SHA-256 and prefix instead of the value; key and
     * headers only when they fit beside the prefix.
     *
     * @param what how the message begins, e.g. "the record", for the reason text
     */
    public DeadLetter tooLarge(String what, byte[] key, byte[] value, Iterable<Header> headers, Source source,
                               Instant at) {
        byte[] prefix = value == null ? null
                : Arrays.copyOf(value, Math.min(value.length, RecordSizeLimits.DEAD_LETTER_PREFIX_BYTES));
        boolean keepKeyAndHeaders = carriesKeyAndHeaders(key, headers);
        String reason = what + " is too large to forward: key " + length(key) + " + value " + length(value)
                + " + headers " + headerBytes(headers) + " bytes, while a dead letter carries at most "
                + (maxBytes - RecordSizeLimits.DEAD_LETTER_ENVELOPE_BYTES) + " (RecordSizeLimits); kept: the value's "
                + "size, SHA-256 and first " + length(prefix) + " bytes"
                + (keepKeyAndHeaders ? ", the key and headers" : " (key and headers dropped: too large as well)");
        return base(RECORD_TOO_LARGE, reason, source, at)
                .setOriginalKey(keepKeyAndHeaders && key != null ? ByteBuffer.wrap(key) : null)
                .setOriginalHeaders(keepKeyAndHeaders ? headerMap(headers) : Map.of())
                .setOriginalValueSize(value == null ? null : (long) value.length)
                .setOriginalValueSha256(value == null ? null : sha256(value))
                .setOriginalValuePrefix(prefix == null ? null : ByteBuffer.wrap(prefix))
                .build();
    }

    /** Whether a too-large letter keeps the key and headers (they fit beside the prefix). */
    public boolean carriesKeyAndHeaders(byte[] key, Iterable<Header> headers) {
        return carriedBytes(key, new byte[RecordSizeLimits.DEAD_LETTER_PREFIX_BYTES], headers)
                <= maxBytes - RecordSizeLimits.DEAD_LETTER_ENVELOPE_BYTES;
    }

    private static DeadLetter.Builder base(String code, String reason, Source source, Instant at) {
        String text = reason.length() <= RecordSizeLimits.MAX_REASON_TEXT_CHARS ? reason
                : reason.substring(0, RecordSizeLimits.MAX_REASON_TEXT_CHARS - 1) + "…";
        return DeadLetter.newBuilder()
                .setReasonCode(code)
                .setReasonText(text)
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setDeadLetteredAt(at);
    }

    private static Map<String, ByteBuffer> headerMap(Iterable<Header> headers) {
        Map<String, ByteBuffer> map = new HashMap<>();
        for (Header header : headers) {
            map.put(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value()));
        }
        return map;
    }

    private static long headerBytes(Iterable<Header> headers) {
        long bytes = 0;
        for (Header header : headers) {
            bytes += header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value())
                    + HEADER_FRAMING_BYTES;
        }
        return bytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
