package io.streamtune.testkit;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.TaskSpec;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes task specs to the {@code tasks} topic as any tool would: a plain producer, key = task name, value in the
 * registry wire format, a tombstone to delete. Each write waits until the broker has it. Close it.
 */
public final class TaskSpecWriter implements AutoCloseable {

    private final AvroRegistrySerde<TaskSpec> serde;
    private final KafkaProducer<String, TaskSpec> producer;

    /** A writer to the cluster at {@code bootstrapServers}, with schemas in {@code registryConfig}'s registry. */
    public TaskSpecWriter(String bootstrapServers, Map<String, ?> registryConfig) {
        this.serde = RegistrySerdes.specific(TaskSpec.class, registryConfig, false);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), serde.serializer());
    }

    /** Creates or changes the task {@code spec} names. */
    public void write(TaskSpec spec) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(Topics.TASKS.name(), spec.getName(), spec)).get();
    }

    /** Deletes {@code task}: a tombstone. */
    public void delete(String task) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(Topics.TASKS.name(), task, null)).get();
    }

    @Override
    public void close() {
        producer.close();
        serde.close();
    }
}
