package io.streamtune.evaluator;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.ops.TopicReplay;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator's view of {@code examples.validation} and {@code promotions}: read from the beginning on every start
 * (no consumer group, so every instance sees the whole validation stream and every promotion) and followed up to
 * their current end before each decision, keeping {@link TaskState} and the champion-age metric up to date.
 */
final class StateTopics {

    private static final Logger LOG = LoggerFactory.getLogger(StateTopics.class);

    private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private final Deserializer<LabeledExample> examples;
    private final Deserializer<PromotionEvent> promotions;
    private final TaskState state;
    private final EvaluatorMetrics metrics;
    private final BrokerRetry retry;
    private final Consumer<LabeledExample> accepted;

    /** @param accepted told of each validation example added to its task's set, in stream order (drift signals) */
    StateTopics(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
            Deserializer<LabeledExample> examples, Deserializer<PromotionEvent> promotions, TaskState state,
            EvaluatorMetrics metrics, BrokerRetry retry, Consumer<LabeledExample> accepted) {
        this.accepted = accepted;
        this.consumer = consumer;
        this.examples = examples;
        this.promotions = promotions;
        this.state = state;
        this.metrics = metrics;
        this.retry = retry;
    }

    /** Positions the consumer at the beginning of both topics, waiting out broker outages. */
    void assignFromBeginning() {
        retry.run("listing the partitions of the validation and promotions topics",
                () -> TopicReplay.assignFromBeginning(consumer,
                        List.of(Topics.EXAMPLES_VALIDATION.name(), Topics.PROMOTIONS.name())));
    }

    /**
     * Consumes both topics up to their current (last stable) end offsets, waiting out broker outages.
     *
     * @param stop checked between polls (and feeds liveness): true ends the catch-up early
     */
    void catchUp(BooleanSupplier stop) {
        retry.run("catching up with the validation and promotions topics",
                () -> TopicReplay.untilEnd(consumer, stop, this::apply));
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(Topics.PROMOTIONS.name())) {
                PromotionEvent promotion = promotions.deserialize(record.topic(), record.headers(), record.value());
                if (promotion != null) {
                    state.promoted(promotion);
                    metrics.championIs(promotion.getTask(), promotion.getPromotedAt());
                }
            } else {
                LabeledExample example = examples.deserialize(record.topic(), record.headers(), record.value());
                if (example != null && state.addValidation(example)) {
                    accepted.accept(example);
                }
            }
        } catch (RegistryUnavailableException | RegistryRequestException e) {
            throw e;
        } catch (SerializationException e) {
            LOG.error("Skipping undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }
}
