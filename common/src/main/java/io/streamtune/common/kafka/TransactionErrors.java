package io.streamtune.common.kafka;

/**
 * What a failed Kafka transaction means for the service that ran it: the one rule the trainer's checkpoint
 * transactions and the evaluator's decision transactions follow when {@code beginTransaction}, {@code send},
 * {@code sendOffsetsToTransaction} or {@code commitTransaction} throws.
 *
 * <p>As the {@code KafkaProducer} Javadoc prescribes: after a fatal error the producer cannot go on (another
 * instance took over its transactional id, the cluster refuses this client, or the producer lost its sequence
 * state), so the service stops; after any other error the transaction is abandoned and its work redone from the
 * committed offsets. Transient errors never get here: {@link BrokerRetry} waits them out first.
 */
public final class TransactionErrors {

    /** How to react to a failed transaction. */
    public enum Handling {
        /** Stop the service: the producer is fenced, refused, or its state is lost. */
        FATAL,
        /** Abandon the transaction (abort it, or close its producer) and redo the work from committed offsets. */
        ABORTABLE
    }

    private TransactionErrors() {
    }

    /** Classifies {@code error} (or its causes) by the list of fatal errors in {@link BrokerRetry#isFatal}. */
    public static Handling classify(Throwable error) {
        return BrokerRetry.isFatal(error) ? Handling.FATAL : Handling.ABORTABLE;
    }

    /** Whether a failed transaction must stop the service. */
    public static boolean isFatal(Throwable error) {
        return classify(error) == Handling.FATAL;
    }
}
