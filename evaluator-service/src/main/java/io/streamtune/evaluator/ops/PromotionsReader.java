package io.streamtune.evaluator.ops;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.PromotionEvent;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the {@code promotions} topic as a downstream subscriber does: committed records only, from the beginning,
 * in partition order, so the last record seen per task names its champion. Optionally keeps following new ones
 * until {@link #stop()} (from another thread) or interruption.
 */
public final class PromotionsReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroRegistrySerde<PromotionEvent> serde;
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * @param clientProperties Kafka connection settings (bootstrap servers, security)
     * @param registryConfig   schema registry settings ({@code schema.registry.url}, ...)
     */
    public PromotionsReader(Map<String, Object> clientProperties, Map<String, ?> registryConfig) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.serde = RegistrySerdes.specific(PromotionEvent.class, registryConfig, false);
    }

    /**
     * Hands every promotion (of {@code task}, or of all tasks when {@code null}) to {@code sink}, oldest first.
     *
     * @param follow keep waiting for new promotions after the current end, until stopped
     */
    public void read(String task, boolean follow, Consumer<PromotionEvent> sink) {
        Consumer<ConsumerRecord<String, byte[]>> handler = record -> {
            if (task != null && !task.equals(record.key())) {
                return; // keyed by task: one task's champion never depends on decoding another task's records
            }
            PromotionEvent promotion = serde.deserializer().deserialize(record.topic(), record.headers(),
                    record.value());
            if (promotion != null && (task == null || task.equals(promotion.getTask()))) {
                sink.accept(promotion);
            }
        };
        try {
            TopicReplay.assignFromBeginning(consumer, List.of(Topics.PROMOTIONS.name()));
            TopicReplay.untilEnd(consumer, stopped::get, handler);
            while (follow && !stopped.get() && !Thread.currentThread().isInterrupted()) {
                consumer.poll(POLL).forEach(handler);
            }
        } catch (WakeupException e) {
            if (!stopped.get()) {
                throw e;
            }
        }
    }

    /** The champion of {@code task} as a subscriber sees it now: the newest promotion, or {@code null}. */
    public PromotionEvent champion(String task) {
        PromotionEvent[] last = new PromotionEvent[1];
        read(task, false, promotion -> last[0] = promotion);
        return last[0];
    }

    /** One line per promotion: time, task, kind, version, what it replaced, macro-F1 and the reason. */
    public static String format(PromotionEvent promotion) {
        String f1 = promotion.getMetrics() == null ? "-"
                : String.format(Locale.ROOT, "%.4f", promotion.getMetrics().getMacroF1());
        return String.format(Locale.ROOT, "%s %-12s %-9s %-24s previous=%-24s macro_f1=%s location=%s reason=%s",
                DateTimeFormatter.ISO_INSTANT.format(promotion.getPromotedAt()), promotion.getTask(),
                promotion.getKind(), promotion.getModelVersion(),
                promotion.getPreviousVersion() == null ? "base model" : promotion.getPreviousVersion(), f1,
                promotion.getLocation(), promotion.getReason());
    }

    /** Ends a following {@link #read}; safe from any thread (e.g. a shutdown hook). */
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            consumer.wakeup();
        }
    }

    /** Releases the consumer and the registry client; from the reading thread, once {@link #read} returned. */
    @Override
    public void close() {
        stopped.set(true);
        consumer.close();
        serde.close();
    }
}
