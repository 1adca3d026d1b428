package io.streamtune.serving.champion;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.PromotionEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted {@code promotions} topic on its own thread, as a subscriber: committed records only, every
 * partition from the beginning, no consumer group. The start-up replay hands over only the newest promotion per task
 * (the champion); after it, every promotion as it comes. Blocking calls and the schema registry are retried while the
 * broker or registry is down; a record that is no promotion is reported and skipped.
 */
final class PromotionFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromotionFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration JOIN = Duration.ofSeconds(30);

    /** Where promotions go. Called on the feed's thread: return quickly. */
    interface Listener {
        void promoted(Promotion promotion);

        /** A record of {@code task} that is not a promotion, skipped. */
        void undecodable(String task, String message);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroRegistrySerde<PromotionEvent> serde;
    private final Predicate<String> wanted;
    private final BrokerRetry retry;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean caughtUp;
    private volatile RuntimeException failure;
    private boolean releasing;

    /**
     * @param clientProperties Kafka connection and security settings
     * @param registryConfig   schema registry settings
     * @param wanted           which tasks (record keys) to decode; others are skipped unread
     * @param backoff          first wait between tries while the broker or registry is down, doubled up to
     *                         {@code maxBackoff}
     */
    PromotionFeed(Map<String, Object> clientProperties, Map<String, ?> registryConfig, Predicate<String> wanted,
            Duration backoff, Duration maxBackoff, Listener listener) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "streamtune-champion-promotions");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.serde = RegistrySerdes.specific(PromotionEvent.class, registryConfig, false);
        this.wanted = wanted;
        this.retry = new BrokerRetry(backoff, maxBackoff, () -> stopped);
        this.listener = listener;
        this.thread = new Thread(this::run, "champion-promotions");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Whether the start-up replay is done: every promotion written before the start was seen. */
    boolean caughtUp() {
        return caughtUp;
    }

    /** Whether a broker or registry call is being retried now. */
    boolean waiting() {
        return retry.waitingOnBroker();
    }

    /** The error that stopped following (a refused login, say), or null while following. */
    RuntimeException failure() {
        return failure;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = retry.call("finding the partitions of " + topic(), this::partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = retry.call("reading the end offsets of " + topic(),
                    () -> consumer.endOffsets(partitions));
            Map<String, Promotion> champions = new LinkedHashMap<>();
            while (!stopped && !reached(end)) {
                poll(false, promotion -> champions.put(promotion.event().getTask(), promotion));
            }
            champions.values().forEach(listener::promoted);
            caughtUp = true;
            LOG.info("Read the champions of {} task(s) from {}; following new promotions", champions.size(), topic());
            while (!stopped) {
                poll(true, listener::promoted);
            }
        } catch (WakeupException e) {
            if (!stopped) {
                failure = e;
            }
        } catch (RuntimeException e) {
            if (!stopped) {
                failure = e;
                LOG.error("Stopped following {}: the champions loaded so far keep answering", topic(), e);
            }
        } finally {
            synchronized (this) {
                releasing = true;
            }
            Thread.interrupted(); // close() may have interrupted a backoff wait; releasing must not fail on that
            consumer.close();
            serde.close();
        }
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new UnknownTopicOrPartitionException("topic " + topic() + " does not exist yet");
        }
        return partitions;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> retry.call("reading the position in " + e.getKey(),
                () -> consumer.position(e.getKey())) >= e.getValue());
    }

    private void poll(boolean live, java.util.function.Consumer<Promotion> sink) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            if (record.key() == null || !wanted.test(record.key())) {
                continue;
            }
            if (record.value() == null) {
                LOG.warn("Ignoring a tombstone of task {} at {}-{}@{}: a champion is replaced only by a promotion",
                        record.key(), record.topic(), record.partition(), record.offset());
                continue;
            }
            PromotionEvent event = decode(record);
            if (event != null) {
                sink.accept(new Promotion(event, record.timestamp(), live));
            }
        }
    }

    private PromotionEvent decode(ConsumerRecord<String, byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            PromotionEvent event = retry.call("decoding the promotion at " + where, () -> {
                try {
                    return serde.deserializer().deserialize(record.topic(), record.headers(), record.value());
                } catch (RegistryUnavailableException | RegistryRequestException e) {
                    throw new RegistryDown(e); // not the record's fault: wait for the registry, then decode it
                }
            });
            if (event != null && !record.key().equals(event.getTask())) {
                listener.undecodable(record.key(), "promotion at " + where + " is of task " + event.getTask()
                        + " but keyed " + record.key());
                return null;
            }
            return event;
        } catch (SerializationException e) {
            LOG.warn("Skipping the record at {}: not a promotion ({})", where, e.getMessage());
            listener.undecodable(record.key(), e.getMessage());
            return null;
        }
    }

    private static String topic() {
        return Topics.PROMOTIONS.name();
    }

    /** Stops following and waits for the thread to release the consumer. */
    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            consumer.wakeup();
            if (!releasing) {
                thread.interrupt(); // ends a backoff wait at once, but never the consumer's own close
            }
        }
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The registry did not answer: retried like a broker outage. */
    private static final class RegistryDown extends RetriableException {
        private static final long serialVersionUID = 1L;

        RegistryDown(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
