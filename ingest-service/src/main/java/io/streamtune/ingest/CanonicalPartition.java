package io.streamtune.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The partition of {@code examples} each example belongs on: the one Kafka's default partitioner gives its id
 * (murmur2 of the id's UTF-8 bytes, as the Java and kafkajs producers compute it), so producers that key records
 * by example id already write there. Dedup is per partition; an example read anywhere else is written back to
 * this partition once (keyed by its id, marked by {@link #REROUTED_HEADER}) and deduplicated when it comes back,
 * so a duplicate meets its original whatever key the producer chose.
 *
 * <p>The partition count is the one the {@code examples} topic had when the service started: adding partitions
 * needs a restart of every instance, and ids seen before the change are not deduplicated against ids after it.
 * As the sink's partitioner it uses that same count, so the processor and the partitioner never disagree within
 * one instance; the header stops a second reroute where instances disagree.
 */
final class CanonicalPartition implements StreamPartitioner<byte[], Object> {

    /** Marks a copy this service wrote back to its canonical partition; its value says where the original was. */
    static final String REROUTED_HEADER = "streamtune.rerouted";

    private final int partitions;

    /** @param partitions partition count of the {@code examples} topic, as the broker reported it at start */
    CanonicalPartition(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("examples needs at least one partition, got " + partitions);
        }
        this.partitions = partitions;
    }

    /** The canonical partition of the example with this id. */
    int of(String id) {
        return of(id.getBytes(StandardCharsets.UTF_8));
    }

    private int of(byte[] idBytes) {
        return Utils.toPositive(Utils.murmur2(idBytes)) % partitions;
    }

    /**
     * Whether the example with this id, read from {@code partition}, must be written back to its canonical
     * partition: it is not there and it is not already such a copy.
     */
    boolean mustReroute(String id, int partition, Headers headers) {
        return partitions > 1 && of(id) != partition && headers.lastHeader(REROUTED_HEADER) == null;
    }

    /**
     * The copy to write back: the original value, timestamp and headers (the dedup horizon and the event-time check
     * read the timestamp), keyed by the id, with {@link #REROUTED_HEADER} saying where the original was read
     * ({@code partition@offset}).
     */
    static Record<byte[], byte[]> copy(Record<byte[], byte[]> original, String id, RecordMetadata source) {
        Headers headers = new RecordHeaders(original.headers().toArray())
                .add(REROUTED_HEADER, (source.partition() + "@" + source.offset()).getBytes(StandardCharsets.UTF_8));
        return original.withKey(id.getBytes(StandardCharsets.UTF_8)).withHeaders(headers);
    }

    /**
     * The copy's partition: the canonical one of its key (the id's UTF-8 bytes), by the count seen at start. Kafka
     * only ever adds partitions, so it exists.
     */
    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] idBytes, Object value, Headers headers,
                                             int numPartitions) {
        return Optional.of(Set.of(of(idBytes)));
    }

    /** Still abstract in the interface, though Streams calls the overload with headers. */
    @Override
    @Deprecated
    @SuppressWarnings("removal")
    public Optional<Set<Integer>> partitions(String topic, byte[] idBytes, Object value, int numPartitions) {
        return partitions(topic, idBytes, value, null, numPartitions);
    }
}
