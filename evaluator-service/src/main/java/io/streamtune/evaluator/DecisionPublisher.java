package io.streamtune.evaluator;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.kafka.TransactionErrors;
import io.streamtune.schemas.DriftEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a decision exactly once: its {@link EvaluationEvent}, its {@link PromotionEvent} when the candidate won,
 * the {@link DriftEvent}s of the drift signals that changed level at that evaluation, and the checkpoint's consumed
 * offset, in one transaction. Tells the producer errors apart: fatal ones (fenced by
 * another evaluator, refused by the cluster) are thrown; abortable ones abort and rewind so the checkpoint is judged
 * again.
 */
final class DecisionPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Serializer<EvaluationEvent> evaluations;
    private final Serializer<PromotionEvent> promotions;
    private final Serializer<DriftEvent> drift;
    private final BrokerRetry retry;
    private final BooleanSupplier closing;

    DecisionPublisher(Producer<String, byte[]> producer, Serializer<EvaluationEvent> evaluations,
            Serializer<PromotionEvent> promotions, Serializer<DriftEvent> drift, BrokerRetry retry,
            BooleanSupplier closing) {
        this.producer = producer;
        this.evaluations = evaluations;
        this.promotions = promotions;
        this.drift = drift;
        this.retry = retry;
        this.closing = closing;
    }

    /** Fences any earlier instance with the same transactional id, waiting out broker outages. */
    void initTransactions() {
        retry.run("initialising the evaluator's transactions", producer::initTransactions);
    }

    /**
     * Publishes the decision on {@code record} (none when it could not be decoded) and commits its offset for the
     * group of {@code checkpoints}.
     *
     * @return false when the transaction was aborted and {@code checkpoints} rewound to this record
     */
    boolean publish(ConsumerRecord<String, byte[]> record, String task, Evaluator.Outcome outcome,
            Consumer<String, byte[]> checkpoints) {
        return publish(record, task, outcome, List.of(), checkpoints);
    }

    /**
     * As {@link #publish(ConsumerRecord, String, Evaluator.Outcome, Consumer)}, with {@code driftEvents} (key = task)
     * in the same transaction.
     */
    boolean publish(ConsumerRecord<String, byte[]> record, String task, Evaluator.Outcome outcome,
            List<DriftEvent> driftEvents, Consumer<String, byte[]> checkpoints) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        // Encoded before the transaction: a registry failure stops the service (a restart resumes here) instead
        // of aborting and re-scoring the same checkpoint in a loop.
        List<ProducerRecord<String, byte[]>> decision = encode(task, outcome);
        String driftTopic = Topics.DRIFT.name();
        driftEvents.forEach(event -> decision.add(new ProducerRecord<>(driftTopic, event.getTask(),
                drift.serialize(driftTopic, event))));
        try {
            producer.beginTransaction();
            decision.forEach(producer::send);
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)),
                    checkpoints.groupMetadata());
            // A commit that timed out may be tried again (the producer keeps its outcome); an abort here could not.
            retry.run("committing the decision on " + partition, producer::commitTransaction);
        } catch (KafkaException e) {
            if (TransactionErrors.isFatal(e) || closing.getAsBoolean()) {
                // Another evaluator took over this transactional id, or the cluster refuses us: stop.
                throw e;
            }
            // Abortable (a send that timed out, a transaction the coordinator timed out during an outage, a
            // rebalance): abort and judge the checkpoint again once it is ours.
            LOG.warn("Publishing the decision on {} failed; aborting and judging it again", partition, e);
            retry.run("aborting the decision on " + partition, producer::abortTransaction);
            if (checkpoints.assignment().contains(partition)) {
                checkpoints.seek(partition, record.offset());
            }
            return false;
        }
        return true;
    }

    private List<ProducerRecord<String, byte[]>> encode(String task, Evaluator.Outcome outcome) {
        List<ProducerRecord<String, byte[]>> decision = new ArrayList<>();
        if (outcome != null) {
            String evaluationTopic = Topics.EVALUATIONS.name();
            decision.add(new ProducerRecord<>(evaluationTopic, task,
                    evaluations.serialize(evaluationTopic, outcome.evaluation())));
            if (outcome.promotion() != null) {
                String promotionTopic = Topics.PROMOTIONS.name();
                decision.add(new ProducerRecord<>(promotionTopic, task,
                        promotions.serialize(promotionTopic, outcome.promotion())));
            }
        }
        return decision;
    }
}
