package io.streamtune.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InputReplay} with a short-lived consumer of its own: assigned (no group, nothing committed), reading only
 * committed records as the stream threads do under exactly-once, and refusing to skip records that retention
 * already deleted.
 */
final class KafkaInputReplay implements InputReplay {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaInputReplay.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerConfig;
    private final Duration timeout;

    /**
     * @param consumerConfig the replay consumer's settings, {@link IngestConfig#replayConsumerConfigs()}
     * @param timeout        longest time one replay may take
     */
    KafkaInputReplay(Map<String, Object> consumerConfig, Duration timeout) {
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.timeout = timeout;
    }

    @Override
    public void replay(TopicPartition partition, long fromOffset, long toOffset,
                       Consumer<ConsumerRecord<byte[], byte[]>> action) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int replayed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, fromOffset);
            while (consumer.position(partition) <= toOffset) {
                if (System.nanoTime() > deadline) {
                    // A Kafka timeout: the broker may be down, and the stream thread is replaced to try again.
                    throw new TimeoutException("Could not re-read " + partition + " offsets " + fromOffset
                            + ".." + toOffset + " within " + timeout + "; reached " + consumer.position(partition));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                    if (record.offset() <= toOffset) {
                        action.accept(record);
                        replayed++;
                    }
                }
            }
        } catch (KafkaException e) {
            throw new IllegalStateException("Could not re-read " + partition + " offsets " + fromOffset + ".."
                    + toOffset + ": " + e.getMessage(), e);
        }
        LOG.info("Re-read {} records of {} (offsets {}..{}) in {} ms", replayed, partition, fromOffset, toOffset,
                (System.nanoTime() - started) / 1_000_000);
    }
}
