package io.streamtune.launcher.task;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.ops.TopicReplay;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The CLI's side of the control plane: reads {@link Topics#TASKS} and {@link Topics#TASK_STATUS} to their current end
 * and writes spec versions and tombstones with an idempotent producer, waiting for the acknowledgement. Each call
 * opens and closes its own clients (a command does one or two). A broker that does not answer fails the call with a
 * {@link KafkaException} after about {@value #TIMEOUT_MS} ms instead of hanging.
 */
public final class TaskTopics {

    /** How long a call waits for the broker, unless the connection settings say otherwise. */
    static final int TIMEOUT_MS = 15_000;

    /**
     * The newest version of one task on the topic.
     *
     * @param spec       the spec; null when the record could not be decoded
     * @param offset     its offset on {@link Topics#TASKS}
     * @param writtenAt  the record's timestamp
     * @param unreadable why the record could not be decoded; null when it was
     */
    public record Version(TaskSpec spec, long offset, Instant writtenAt, String unreadable) {
    }

    private final Map<String, Object> kafka;
    private final Map<String, ?> registry;

    /**
     * @param kafka    Kafka client settings (bootstrap servers, security)
     * @param registry schema registry settings ({@code schema.registry.url}, ...)
     */
    public TaskTopics(Map<String, Object> kafka, Map<String, ?> registry) {
        this.kafka = Map.copyOf(kafka);
        this.registry = Map.copyOf(registry);
    }

    /** Every task's newest version, by task name (sorted); deleted tasks are absent. */
    public Map<String, Version> specs() {
        Map<String, Version> specs = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer();
                AvroRegistrySerde<TaskSpec> serde = RegistrySerdes.specific(TaskSpec.class, registry, false)) {
            TopicReplay.assignFromBeginning(consumer, List.of(Topics.TASKS.name()));
            TopicReplay.untilEnd(consumer, () -> false, record -> {
                if (record.key() == null) {
                    return;
                }
                if (record.value() == null) {
                    specs.remove(record.key());
                    return;
                }
                Instant at = Instant.ofEpochMilli(record.timestamp());
                try {
                    TaskSpec spec = serde.deserializer().deserialize(record.topic(), record.headers(),
                            record.value());
                    specs.put(record.key(), new Version(spec, record.offset(), at, null));
                } catch (RegistryUnavailableException e) {
                    throw e;
                } catch (SerializationException e) {
                    specs.put(record.key(), new Version(null, record.offset(), at, e.getMessage()));
                }
            });
        }
        return specs;
    }

    /** The newest version of {@code task}, if it exists. */
    public Optional<Version> spec(String task) {
        return Optional.ofNullable(specs().get(task));
    }

    /** What each service last reported per task: task -> service -> status. */
    public Map<String, Map<String, TaskStatus>> statuses() {
        Map<String, Map<String, TaskStatus>> statuses = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer();
                AvroRegistrySerde<TaskStatus> serde = RegistrySerdes.specific(TaskStatus.class, registry, false)) {
            TopicReplay.assignFromBeginning(consumer, List.of(Topics.TASK_STATUS.name()));
            TopicReplay.untilEnd(consumer, () -> false, record -> {
                if (record.value() == null) {
                    return;
                }
                TaskStatus status;
                try {
                    status = serde.deserializer().deserialize(record.topic(), record.headers(), record.value());
                } catch (RegistryUnavailableException e) {
                    throw e;
                } catch (SerializationException e) {
                    // A status is advice: one nobody can read (written against another registry) is left out.
                    return;
                }
                statuses.computeIfAbsent(status.getTask(), t -> new LinkedHashMap<>())
                        .put(status.getService(), status);
            });
        }
        return statuses;
    }

    /** Writes {@code spec} (key = its name) and returns its offset once the broker acknowledged it. */
    public long write(TaskSpec spec) {
        try (AvroRegistrySerde<TaskSpec> serde = RegistrySerdes.specific(TaskSpec.class, registry, false)) {
            return send(spec.getName(), serde.serializer().serialize(Topics.TASKS.name(), spec));
        }
    }

    /** Writes the tombstone that deletes {@code task}; returns its offset once acknowledged. */
    public long delete(String task) {
        return send(task, null);
    }

    private long send(String key, byte[] value) {
        Map<String, Object> props = KafkaConnectionConfig.idempotentProducer(kafka);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS);
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * TIMEOUT_MS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(Topics.TASKS.name(), key, value)).get().offset();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException cause ? cause
                    : new KafkaException("writing task " + key + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing task " + key, e);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return readCommittedConsumer(kafka);
    }

    /** A consumer of raw values that sees committed records only and gives up on a silent broker in time. */
    static KafkaConsumer<String, byte[]> readCommittedConsumer(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
