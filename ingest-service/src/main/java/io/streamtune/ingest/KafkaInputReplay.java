package io.streamtune.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
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
     * @param clientProperties connection and security settings of the cluster that holds the input
     * @param timeout          longest time one replay may take
     */
    KafkaInputReplay(Map<String, Object> clientProperties, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // "none": a range that retention deleted fails the replay instead of silently starting later.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        this.consumerConfig = Map.copyOf(config);
        this.timeout = timeout;
    }

    @Override
    public void replay(TopicPartition partition, long fromOffset, long toOffset,
                       Consumer<ConsumerRecord<byte[], byte[]>> action) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int replayed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
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
