package io.streamtune.tasks;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.TaskStatus;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link TaskStatus} records to {@link Topics#TASK_STATUS}, keyed {@code <task>/<service>}, so that the CLI
 * can show what each service made of a task's spec. A status is advice for people, not state: one lost in a broker
 * outage is replaced by the next, and a failed send never stops the service.
 */
public final class TaskStatusReporter implements TaskStatusSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskStatusReporter.class);
    // A send waits this long for metadata at most: the catalog's thread must keep following the topic.
    private static final long MAX_BLOCK_MS = 5_000;

    private final KafkaProducer<String, TaskStatus> producer;

    /** A reporter on {@code config}'s cluster and registry. */
    public TaskStatusReporter(KafkaConnectionConfig config) {
        Map<String, Object> props = config.idempotentProducerConfigs();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        this.producer = new KafkaProducer<>(props, new StringSerializer(),
                RegistrySerdes.specific(TaskStatus.class, Map.copyOf(config.originals()), false).serializer());
    }

    /** The record key of {@code service}'s status of {@code task}. */
    public static String key(String task, String service) {
        return task + "/" + service;
    }

    @Override
    public void report(TaskStatus status) {
        try {
            producer.send(new ProducerRecord<>(Topics.TASK_STATUS.name(), key(status.getTask(), status.getService()),
                    status), (metadata, error) -> {
                    if (error != null) {
                        LOG.warn("Could not report the status of task {}: {}", status.getTask(), error.toString());
                    }
                });
        } catch (KafkaException e) {
            LOG.warn("Could not report the status of task {}: {}", status.getTask(), e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
