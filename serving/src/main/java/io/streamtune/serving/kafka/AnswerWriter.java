package io.streamtune.serving.kafka;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.kafka.TransactionErrors;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.InferencePrediction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link BatchOutcome} exactly once: its predictions, its dead letters and the consumed offsets in one
 * transaction. Fatal producer errors ({@link TransactionErrors}: fenced, not authorized) are thrown; abortable ones
 * abort the transaction and report it, so the caller reads the requests again.
 */
final class AnswerWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerWriter.class);

    private final Producer<String, byte[]> producer;
    private final Serializer<InferencePrediction> predictions;
    private final Serializer<DeadLetter> deadLetters;
    private final BrokerRetry retry;
    private final BooleanSupplier closing;

    AnswerWriter(Producer<String, byte[]> producer, Serializer<InferencePrediction> predictions,
            Serializer<DeadLetter> deadLetters, BrokerRetry retry, BooleanSupplier closing) {
        this.producer = producer;
        this.predictions = predictions;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.closing = closing;
    }

    /** Fences an earlier instance with the same transactional id (aborting its open transaction). */
    void initTransactions() {
        retry.run("initialising the inference transactions", producer::initTransactions);
    }

    /**
     * Encodes {@code outcome}, then writes and commits it with its offsets for {@code group}.
     *
     * @return false when the transaction was aborted: nothing of it is visible, its requests are to be read again
     * @throws org.apache.kafka.common.errors.SerializationException when the registry does not take the answers'
     *     schemas (before any transaction began)
     */
    boolean write(BatchOutcome outcome, ConsumerGroupMetadata group) {
        // Encoded before the transaction: a registry failure then leaves no transaction to abort.
        List<ProducerRecord<String, byte[]>> writes = encode(outcome);
        try {
            producer.beginTransaction();
            writes.forEach(producer::send);
            producer.sendOffsetsToTransaction(outcome.offsets(), group);
            // A commit that timed out may be tried again (the producer keeps its outcome); an abort here could not.
            retry.run("committing " + writes.size() + " inference answer(s)", producer::commitTransaction);
            return true;
        } catch (KafkaException e) {
            if (TransactionErrors.isFatal(e) || closing.getAsBoolean()) {
                throw e; // another instance took over this transactional id, or the cluster refuses us
            }
            // Abortable: a send that timed out, a transaction the coordinator timed out, a rebalance.
            LOG.warn("Committing {} inference answer(s) failed; aborting and reading the requests again",
                    writes.size(), e);
            retry.run("aborting the inference transaction", producer::abortTransaction);
            return false;
        }
    }

    private List<ProducerRecord<String, byte[]>> encode(BatchOutcome outcome) {
        List<ProducerRecord<String, byte[]>> writes = new ArrayList<>();
        String predictionTopic = Topics.INFERENCE_PREDICTIONS.name();
        String deadLetterTopic = Topics.INFERENCE_REQUESTS_DLQ.name();
        outcome.predictions().forEach(p -> writes.add(new ProducerRecord<>(predictionTopic, p.key(),
                predictions.serialize(predictionTopic, p.value()))));
        outcome.deadLetters().forEach(d -> writes.add(new ProducerRecord<>(deadLetterTopic, d.key(),
                deadLetters.serialize(deadLetterTopic, d.value()))));
        return writes;
    }
}
