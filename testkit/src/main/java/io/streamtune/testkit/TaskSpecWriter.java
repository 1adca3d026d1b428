package io.streamtune.testkit;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.TaskSpec;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes task specs (and tombstones, and raw bytes) to the tasks topic as a user or another tool would, each send
 * acknowledged before it returns. The caller closes it.
 */
public final class TaskSpecWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<TaskSpec> serializer;

    /** A writer to {@code bootstrapServers}, encoding through the registry configured by {@code registryConfig}. */
    public TaskSpecWriter(String bootstrapServers, Map<String, ?> registryConfig) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.serializer = RegistrySerdes.specific(TaskSpec.class, registryConfig, false).serializer();
    }

    /** Writes {@code spec} under its name; returns the offset. */
    public long write(TaskSpec spec) {
        return writeRaw(spec.getName(), serializer.serialize(Topics.TASKS.name(), spec));
    }

    /** Deletes {@code task} (a tombstone); returns the offset. */
    public long delete(String task) {
        return writeRaw(task, null);
    }

    /** Writes {@code value} as it is (e.g. bytes no registry knows) under {@code key}; returns the offset. */
    public long writeRaw(String key, byte[] value) {
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(Topics.TASKS.name(), key, value)).get();
            return written.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing task " + key, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write task " + key, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
    }
}
