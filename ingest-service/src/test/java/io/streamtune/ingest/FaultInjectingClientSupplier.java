package io.streamtune.ingest;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The ingest service's clients with one fault a test can arm: the next send to a chosen topic partition fails as a
 * send fails while the broker is unreachable ({@link TimeoutException} through the callback, as
 * {@code KafkaProducer} reports a metadata or delivery timeout).
 */
final class FaultInjectingClientSupplier extends AbortCountingClientSupplier {

    private final Set<TopicPartition> armed = ConcurrentHashMap.newKeySet();
    private final Set<TopicPartition> fired = ConcurrentHashMap.newKeySet();

    /** Makes the next send to {@code partition} fail. */
    void failNextSend(TopicPartition partition) {
        armed.add(partition);
    }

    /** The partitions whose armed failure has happened. */
    Set<TopicPartition> fired() {
        return Set.copyOf(fired);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new AbortCountingProducer(config) {
            @Override
            public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
                TopicPartition partition = record.partition() == null ? null
                        : new TopicPartition(record.topic(), record.partition());
                if (partition != null && armed.remove(partition)) {
                    fired.add(partition);
                    TimeoutException failure = new TimeoutException("Injected: " + partition + " is unreachable");
                    if (callback != null) {
                        callback.onCompletion(null, failure);
                    }
                    return CompletableFuture.failedFuture(failure);
                }
                return super.send(record, callback);
            }
        };
    }
}
