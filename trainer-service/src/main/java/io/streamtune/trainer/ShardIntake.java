package io.streamtune.trainer;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.DeadLetters;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.service.Closeables;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.errors.DecodeDefect;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.core.ShardRejection;
import io.streamtune.trainer.core.ShardValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's intake of shards: decodes a record of the shards topic and validates it (see {@link ShardValidator}).
 * A bad shard (no value, undecodable, empty, unknown task, labels outside the map, no text) goes to
 * {@link Topics#SHARDS_DLQ} with the original bytes and a reason before the partition moves on. A dead letter is
 * sent outside the checkpoint transactions, so a crash before the next commit can send it twice (at least once); a
 * schema registry outage is not the shard's fault and stops the trainer instead. A shard of a task the catalog
 * does not know waits a moment for its spec first ({@link LiveTasks#awaitKnown}).
 */
final class ShardIntake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardIntake.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final LiveTasks tasks;
    private final ShardValidator validator;
    private final AvroRegistrySerde<TrainingShard> shardSerde;
    private final AvroRegistrySerde<DeadLetter> deadLetterSerde;
    private final KafkaProducer<String, DeadLetter> deadLetters;
    private final DeadLetters deadLetterBuilder = new DeadLetters(RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES);
    private final BrokerRetry retry;
    private final TrainerMetrics metrics;
    private final Clock clock;

    ShardIntake(TrainerConfig config, LiveTasks tasks, BrokerRetry retry, TrainerMetrics metrics, Clock clock) {
        this.tasks = tasks;
        this.validator = new ShardValidator(tasks::labels);
        Map<String, Object> registryConfig = Map.copyOf(config.originals());
        this.shardSerde = RegistrySerdes.specific(TrainingShard.class, registryConfig, false);
        this.deadLetterSerde = RegistrySerdes.specific(DeadLetter.class, registryConfig, false);
        this.deadLetters = new KafkaProducer<>(config.deadLetterProducerConfigs(), new StringSerializer(),
                deadLetterSerde.serializer());
        this.retry = retry;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The shard in {@code record}, or empty when it was bad and is now durably dead-lettered.
     *
     * @throws IllegalStateException when the schema registry failed: nothing is dead-lettered
     */
    Optional<TrainingShard> accept(ConsumerRecord<String, byte[]> record) {
        if (DecodeDefect.isMissing(record.value())) {
            return deadLetter(record, new ShardRejection(ShardRejection.Code.NO_VALUE, "record has no value"));
        }
        TrainingShard shard;
        try {
            shard = shardSerde.deserializer().deserialize(record.topic(), record.headers(), record.value());
        } catch (RegistryUnavailableException | RegistryRequestException e) {
            throw new IllegalStateException("Schema registry failed while decoding a shard; not the shard's fault, "
                    + "so nothing is dead-lettered", e);
        } catch (RuntimeException e) {
            DecodeDefect defect = e instanceof SerializationException serde ? DecodeDefect.of(serde)
                    : DecodeDefect.MALFORMED_AVRO;
            return deadLetter(record, new ShardRejection(ShardRejection.Code.valueOf(defect.name()),
                    "not a TrainingShard in the registry wire format: " + e.getMessage()));
        }
        awaitSpec(shard.getTask());
        Optional<ShardRejection> rejection = validator.check(record.key(), shard);
        return rejection.isPresent() ? deadLetter(record, rejection.get()) : Optional.of(shard);
    }

    /** A shard of a task the catalog does not know yet waits a moment: the catalog may lag behind ingest. */
    private void awaitSpec(String task) {
        try {
            if (!tasks.awaitKnown(task)) {
                LOG.debug("Task {} is not known to the task catalog", task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the spec of task " + task
                    + "; nothing is dead-lettered", e);
        }
    }

    private Optional<TrainingShard> deadLetter(ConsumerRecord<String, byte[]> record, ShardRejection rejection) {
        // Bounded by construction: a shard too large to carry whole goes as RECORD_TOO_LARGE (size, hash, prefix).
        DeadLetter letter = deadLetterBuilder.letter(rejection.code().name(), rejection.explanation(), record,
                clock.instant());
        // Synchronous: the partition may only move past the shard once its dead letter is durable.
        retry.run("dead-lettering the shard at " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> deadLetters.send(new ProducerRecord<>(Topics.SHARDS_DLQ.name(), record.key(), letter)).get());
        metrics.shardDeadLettered(tasks.knows(record.key()) ? record.key() : TrainerMetrics.UNKNOWN_TASK,
                letter.getReasonCode());
        LOG.warn("Dead-lettered shard at {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(),
                letter.getReasonCode(), letter.getReasonText());
        return Optional.empty();
    }

    /** Closes the dead-letter producer and the registry clients. */
    @Override
    public void close() {
        Closeables.closeQuietly("dead-letter producer", () -> deadLetters.close(CLOSE_TIMEOUT));
        shardSerde.close();
        deadLetterSerde.close();
    }
}
