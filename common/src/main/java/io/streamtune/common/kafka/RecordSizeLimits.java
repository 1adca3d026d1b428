package io.streamtune.common.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every record size limit of the pipeline, in one place: the topics' {@code max.message.bytes} ({@link Topics}),
 * the producers' {@code max.request.size}, the largest shard and the largest dead letter. Each limit is derived
 * from the ones it must fit, and {@link #requireProducerFits} / {@link #requireTopicFits} check a service's
 * effective settings against them at start, so that no record the pipeline writes can be refused by its own
 * producer or broker.
 *
 * <pre>
 * examples        max.message.bytes  MAX_EXAMPLE_RECORD_BYTES  17 MiB  what producers may send
 * shards          max.message.bytes  MAX_SHARD_BYTES           16 MiB  shard.max.bytes + SHARD_ENVELOPE_BYTES fit
 * examples.dlq,   max.message.bytes  MAX_DEAD_LETTER_BYTES     16 MiB  a dead letter carries the record whole only
 * examples.validation                                                  when it fits, else a prefix (RECORD_TOO_LARGE)
 * shards.dlq      max.message.bytes  MAX_SHARD_DEAD_LETTER_BYTES 17 MiB
 * ingest producer max.request.size   INGEST_MAX_REQUEST_BYTES  16 MiB  shards, dead letters, validation examples
 * brokers         message.max.bytes  BROKER_MESSAGE_MAX_BYTES  18 MiB  above every topic limit
 * </pre>
 */
public final class RecordSizeLimits {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    /** Largest shard record; the shards topic's {@code max.message.bytes}. */
    public static final int MAX_SHARD_BYTES = 16 * MIB;
    /** Room kept in a shard for everything but its examples (id, ranges, histogram, framing). */
    public static final int SHARD_ENVELOPE_BYTES = MIB;
    /** Largest {@code shard.max.bytes}: the examples of a full shard plus its envelope fit {@link #MAX_SHARD_BYTES}. */
    public static final int MAX_SHARD_EXAMPLES_BYTES = MAX_SHARD_BYTES - SHARD_ENVELOPE_BYTES;
    /** Longest {@code max.text.chars}: a text of it (4 bytes a code point at most in UTF-8) fits a full shard. */
    public static final int MAX_TEXT_CHARS = MAX_SHARD_EXAMPLES_BYTES / 4;
    /** Largest record producers may write to the examples topic (its {@code max.message.bytes}). */
    public static final int MAX_EXAMPLE_RECORD_BYTES = MAX_SHARD_BYTES + MIB;
    /** Largest record the ingest service writes besides shards: a dead letter or a validation example. */
    public static final int MAX_DEAD_LETTER_BYTES = 16 * MIB;
    /**
     * Room kept in a dead letter for everything but the original record's bytes: reason text (at most
     * {@link #MAX_REASON_TEXT_CHARS}), source topic, timestamps, Avro and Kafka record framing.
     */
    public static final int DEAD_LETTER_ENVELOPE_BYTES = 64 * KIB;
    /** Longest reason text a dead letter carries; longer texts are cut. */
    public static final int MAX_REASON_TEXT_CHARS = 4 * KIB;
    /** How many bytes of a value too large to carry whole a dead letter keeps. */
    public static final int DEAD_LETTER_PREFIX_BYTES = 4 * KIB;
    /** Largest shard dead letter (shards.dlq): a whole shard plus the envelope. */
    public static final int MAX_SHARD_DEAD_LETTER_BYTES = MAX_SHARD_BYTES + MIB;
    /** Largest event (checkpoint, evaluation, promotion): Kafka's default request size. */
    public static final int MAX_EVENT_BYTES = MIB;
    /** The ingest producer's {@code max.request.size}: shards, dead letters and validation examples. */
    public static final int INGEST_MAX_REQUEST_BYTES = Math.max(MAX_SHARD_BYTES, MAX_DEAD_LETTER_BYTES);
    /** The brokers' {@code message.max.bytes}: at least every topic's limit. */
    public static final int BROKER_MESSAGE_MAX_BYTES = 18 * MIB;

    private RecordSizeLimits() {
    }

    /** The {@code max.message.bytes} {@link Topics} gives {@code topic}; every pipeline topic sets one. */
    public static int maxMessageBytes(TopicSpec<?> topic) {
        String value = topic.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (value == null) {
            throw new IllegalArgumentException(
                    "topic " + topic.name() + " sets no " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        }
        return Integer.parseInt(value);
    }

    /**
     * Checks that a producer accepts records of {@code recordBytes}.
     *
     * @param producerKey   the setting that configures the producer's {@code max.request.size}, for the message
     * @param producer      the producer's effective properties
     * @param recordBytes   largest record it must send
     * @param recordSetting what bounds those records, for the message
     * @throws ConfigException naming both settings when the producer would refuse such a record
     */
    public static void requireProducerFits(String producerKey, Map<?, ?> producer, long recordBytes,
                                           String recordSetting) {
        Object configured = producer.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        // Kafka's own default when unset.
        long maxRequest = configured == null ? MIB : Long.parseLong(configured.toString().trim());
        if (maxRequest < recordBytes) {
            throw new ConfigException(producerKey + "=" + maxRequest + " is below " + recordSetting + "="
                    + recordBytes + ": the producer would refuse such a record; raise " + producerKey
                    + " or lower " + recordSetting);
        }
    }

    /**
     * Checks that {@code topic} takes records of {@code recordBytes}.
     *
     * @throws ConfigException naming the topic's limit and {@code recordSetting} when it would not
     */
    public static void requireTopicFits(TopicSpec<?> topic, long recordBytes, String recordSetting) {
        int limit = maxMessageBytes(topic);
        if (limit < recordBytes) {
            throw new ConfigException("max.message.bytes=" + limit + " of topic " + topic.name() + " is below "
                    + recordSetting + "=" + recordBytes + ": the broker would refuse such a record");
        }
    }
}
