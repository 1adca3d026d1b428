package io.streamtune.serving.kafka;

import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.InferencePrediction;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one poll's requests came to, to be written in one transaction: a prediction or a dead letter for every request
 * handled, the offsets that commit them, and the partitions that stopped at a request that must wait.
 *
 * @param predictions answers, keyed by request id
 * @param deadLetters refused requests, keyed by the request's original key (may be {@code null})
 * @param offsets     per partition, the offset after its last handled request
 * @param waiting     per partition, the request it stopped at; read again from there after a pause
 */
record BatchOutcome(List<Keyed<InferencePrediction>> predictions, List<Keyed<DeadLetter>> deadLetters,
        Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Waiting> waiting) {

    BatchOutcome {
        predictions = List.copyOf(predictions);
        deadLetters = List.copyOf(deadLetters);
        offsets = Map.copyOf(offsets);
        waiting = Map.copyOf(waiting);
    }

    /** A value to write with its key. */
    record Keyed<V>(String key, V value) {
    }

    /** Where a partition stopped, and why. */
    record Waiting(long offset, String why) {
    }

    /** Whether there is anything to write or commit. */
    boolean isEmpty() {
        return predictions.isEmpty() && deadLetters.isEmpty() && offsets.isEmpty();
    }
}
