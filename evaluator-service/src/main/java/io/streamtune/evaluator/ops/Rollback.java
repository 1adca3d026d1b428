package io.streamtune.evaluator.ops;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.PromotionEvent;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Makes an earlier model the champion again: publishes a promotion of kind {@code ROLLBACK} with the operator's
 * reason. The version must be known: a model promoted before (its promotion gives location, hash, metrics and
 * lineage), or else a checkpoint announced on the {@code checkpoints} topic (no metrics then: it was never judged
 * good). The evaluator and every subscriber take it as the new champion, as they would any promotion.
 */
public final class Rollback {

    private final Map<String, Object> clientProperties;
    private final Map<String, ?> registryConfig;
    private final Clock clock;

    /**
     * @param clientProperties Kafka connection settings (bootstrap servers, security)
     * @param registryConfig   schema registry settings ({@code schema.registry.url}, ...)
     */
    public Rollback(Map<String, Object> clientProperties, Map<String, ?> registryConfig, Clock clock) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.registryConfig = Map.copyOf(registryConfig);
        this.clock = clock;
    }

    /**
     * Publishes the rollback and returns it once the broker acknowledged it.
     *
     * @throws IllegalArgumentException when {@code version} is unknown for {@code task} or already the champion
     */
    public PromotionEvent rollback(String task, String version, String reason)
            throws InterruptedException, ExecutionException {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rollback needs a reason");
        }
        PromotionEvent current;
        PromotionEvent earlier = null;
        try (PromotionsReader reader = new PromotionsReader(clientProperties, registryConfig)) {
            PromotionEvent[] seen = new PromotionEvent[2];
            reader.read(task, false, promotion -> {
                seen[0] = promotion;
                if (promotion.getModelVersion().equals(version)) {
                    seen[1] = promotion;
                }
            });
            current = seen[0];
            earlier = seen[1];
        }
        if (current != null && current.getModelVersion().equals(version)) {
            throw new IllegalArgumentException(version + " is already the champion of task " + task);
        }
        PromotionEvent.Builder rollback;
        if (earlier != null) {
            rollback = PromotionEvent.newBuilder(earlier);
        } else {
            CheckpointEvent checkpoint = findCheckpoint(task, version);
            if (checkpoint == null) {
                throw new IllegalArgumentException("task " + task + " has no checkpoint " + version
                        + " in the " + Topics.CHECKPOINTS.name() + " or " + Topics.PROMOTIONS.name() + " topics");
            }
            rollback = PromotionEvent.newBuilder().setTask(task).setModelVersion(version)
                    .setLocation(checkpoint.getLocation()).setContentHash(checkpoint.getContentHash())
                    .setMetrics(null).setLineage(checkpoint.getShards());
        }
        PromotionEvent event = rollback
                .setPreviousVersion(current == null ? null : current.getModelVersion())
                .setKind(PromotionKind.ROLLBACK.name())
                .setReason(reason)
                .setPromotedAt(clock.instant())
                .build();
        publish(event);
        return event;
    }

    private CheckpointEvent findCheckpoint(String task, String version) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        CheckpointEvent[] found = new CheckpointEvent[1];
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
                AvroRegistrySerde<CheckpointEvent> serde = RegistrySerdes.specific(CheckpointEvent.class,
                        registryConfig, false)) {
            TopicReplay.assignFromBeginning(consumer, List.of(Topics.CHECKPOINTS.name()));
            TopicReplay.untilEnd(consumer, () -> found[0] != null, record -> {
                CheckpointEvent event = serde.deserializer().deserialize(record.topic(), record.headers(),
                        record.value());
                if (event != null && task.equals(event.getTask()) && version.equals(event.getCheckpointId())) {
                    found[0] = event;
                }
            });
        }
        return found[0];
    }

    private void publish(PromotionEvent event) throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                KafkaConnectionConfig.idempotentProducer(clientProperties), new StringSerializer(),
                new ByteArraySerializer());
                AvroRegistrySerde<PromotionEvent> serde = RegistrySerdes.specific(PromotionEvent.class,
                        registryConfig, false)) {
            String topic = Topics.PROMOTIONS.name();
            producer.send(new ProducerRecord<>(topic, event.getTask(), serde.serializer().serialize(topic, event)))
                    .get();
        }
    }
}
