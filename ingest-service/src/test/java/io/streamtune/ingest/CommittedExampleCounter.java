package io.streamtune.ingest;

import io.streamtune.common.kafka.Topics;
import io.streamtune.testkit.CommittedReaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Counts the examples committed to shards and to the validation topic, for {@link IngestBenchmark}. A shard's
 * examples are not read: the machine is shared with what is measured, and the {@link ShardSerializer} writes them as
 * one Avro array block, whose item count comes right after the shard id and task. Were a shard ever written in more
 * blocks, only its first would count and the benchmark would wait forever rather than report a rate too high.
 */
final class CommittedExampleCounter implements AutoCloseable {

    /** Magic byte and schema id before the Avro body. */
    private static final int WIRE_HEADER = 5;

    private final KafkaConsumer<String, byte[]> consumer;
    private long seen;

    CommittedExampleCounter(String bootstrapServers) {
        consumer = CommittedReaders.subscribe(bootstrapServers, "bench-reader",
                List.of(Topics.SHARDS.name(), Topics.EXAMPLES_VALIDATION.name()));
    }

    /** Examples seen so far. */
    long seen() {
        return seen;
    }

    void poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            seen += record.topic().equals(Topics.SHARDS.name()) ? examplesIn(record.value()) : 1;
        }
    }

    /** The item count of the examples array's first block (TrainingShard: shardId, task, examples). */
    private static long examplesIn(byte[] shard) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(shard, WIRE_HEADER,
                    shard.length - WIRE_HEADER, null);
            decoder.skipString();
            decoder.skipString();
            return decoder.readArrayStart();
        } catch (IOException e) {
            throw new UncheckedIOException("not a TrainingShard", e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
