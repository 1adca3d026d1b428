package io.streamtune.ingest;

import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The ingest service's size settings checked against {@link RecordSizeLimits} when its configuration is read:
 * every record it writes must fit the producer and the topic it goes to, shards ({@code shard.max.bytes} plus the
 * envelope) as well as dead letters and validation examples ({@link RecordSizeLimits#MAX_DEAD_LETTER_BYTES}).
 */
final class IngestSizeLimits {

    /** The Streams producer's request size as a pass-through key, named in the errors. */
    static final String PRODUCER_MAX_REQUEST_SIZE_KEY = IngestConfig.STREAMS_PREFIX
            + StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

    private IngestSizeLimits() {
    }

    /** @throws org.apache.kafka.common.config.ConfigException naming both settings of the first mismatch */
    static void check(IngestConfig config) {
        Properties streams = config.streamsProperties();
        Map<String, Object> producer = new HashMap<>();
        // Kafka Streams hands unprefixed producer keys to its producers too; the prefixed one wins.
        Object size = streams.getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                streams.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (size != null) {
            producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, size);
        }
        long shardBytes = (long) config.shardLimits().maxBytes() + RecordSizeLimits.SHARD_ENVELOPE_BYTES;
        String shardSetting = IngestConfig.SHARD_MAX_BYTES_CONFIG + " + the shard envelope";
        RecordSizeLimits.requireProducerFits(PRODUCER_MAX_REQUEST_SIZE_KEY, producer, shardBytes, shardSetting);
        RecordSizeLimits.requireTopicFits(Topics.SHARDS, shardBytes, shardSetting);
        String deadLetterSetting = "RecordSizeLimits.MAX_DEAD_LETTER_BYTES";
        RecordSizeLimits.requireProducerFits(PRODUCER_MAX_REQUEST_SIZE_KEY, producer,
                RecordSizeLimits.MAX_DEAD_LETTER_BYTES, deadLetterSetting);
        RecordSizeLimits.requireTopicFits(Topics.EXAMPLES_DLQ, RecordSizeLimits.MAX_DEAD_LETTER_BYTES,
                deadLetterSetting);
        RecordSizeLimits.requireTopicFits(Topics.EXAMPLES_VALIDATION, RecordSizeLimits.MAX_DEAD_LETTER_BYTES,
                deadLetterSetting);
    }
}
