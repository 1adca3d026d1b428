package io.streamtune.ingest;

import io.streamtune.ingest.IngestConfig.ShardLimits;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Packs one stream task's training examples into shards, one open shard per task name, and emits a shard when it
 * reaches {@code maxExamples}, when the next example would take it over {@code maxBytes}, or when
 * {@code maxAge} of wall-clock time has passed since its first example (checked by a wall-clock punctuator, so a
 * quiet stream still flushes).
 *
 * <p>The buffered examples live in a changelogged store, keyed by task and source offset; the in-memory view of
 * the open shards is rebuilt from it on start. Under exactly-once the store, the emitted shard and the input
 * offsets commit together, so a restart neither loses nor repeats an example.
 */
final class ShardBuilder implements Processor<String, AcceptedExample, String, TrainingShard> {

    private final ShardLimits limits;
    private final AvroBinarySerde<ShardExample> codec;
    private final IngestMetrics metrics;
    private final Map<String, OpenShard> open = new HashMap<>();
    private ProcessorContext<String, TrainingShard> context;
    private KeyValueStore<String, byte[]> buffer;

    ShardBuilder(ShardLimits limits, AvroBinarySerde<ShardExample> codec, IngestMetrics metrics) {
        this.limits = limits;
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, TrainingShard> context) {
        this.context = context;
        this.buffer = context.getStateStore(IngestTopology.SHARD_BUFFER_STORE);
        try (KeyValueIterator<String, byte[]> entries = buffer.all()) {
            entries.forEachRemaining(entry -> {
                Buffered buffered = Buffered.decode(entry.value);
                open.computeIfAbsent(taskOf(entry.key), task -> new OpenShard(buffered.arrivedAt))
                        .add(buffered.example.length);
            });
        }
        context.schedule(limits.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeExpired);
    }

    @Override
    public void process(Record<String, AcceptedExample> record) {
        String task = record.key();
        long now = context.currentSystemTimeMs();
        int size = record.value().encoded().length;
        OpenShard shard = open.get(task);
        if (shard != null && shard.bytes + size > limits.maxBytes()) {
            close(task, ClosedBy.BYTES, now);
            shard = null;
        }
        if (shard == null) {
            shard = new OpenShard(now);
            open.put(task, shard);
        }
        RecordMetadata source = context.recordMetadata().orElseThrow();
        buffer.put(bufferKey(task, source.offset()),
                new Buffered(source.topic(), source.partition(), source.offset(), now, record.value().encoded())
                        .encode());
        shard.add(size);
        if (shard.count >= limits.maxExamples()) {
            close(task, ClosedBy.COUNT, now);
        } else if (shard.bytes >= limits.maxBytes()) {
            close(task, ClosedBy.BYTES, now);
        }
    }

    private void closeExpired(long now) {
        List<String> expired = open.entrySet().stream()
                .filter(entry -> now - entry.getValue().windowStart >= limits.maxAge().toMillis())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        expired.forEach(task -> close(task, ClosedBy.TIME, now));
    }

    private void close(String task, ClosedBy closedBy, long now) {
        OpenShard shard = open.remove(task);
        List<ShardExample> examples = new ArrayList<>(shard.count);
        Map<String, Long> histogram = new TreeMap<>();
        List<OffsetRange> ranges = new ArrayList<>();
        List<String> keys = new ArrayList<>(shard.count);
        // Keys sort by zero-padded offset, so examples come out in source order.
        try (KeyValueIterator<String, byte[]> entries = buffer.range(task + '/', task + '0')) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                Buffered buffered = Buffered.decode(entry.value);
                ShardExample example = codec.deserialize(buffered.topic, buffered.example);
                examples.add(example);
                histogram.merge(example.getLabel(), 1L, Long::sum);
                extend(ranges, buffered);
                keys.add(entry.key);
            }
        }
        keys.forEach(buffer::delete);
        TrainingShard out = TrainingShard.newBuilder()
                .setShardId(shardId(task, ranges))
                .setTask(task)
                .setExamples(examples)
                .setSourceRanges(ranges)
                .setWindowStart(Instant.ofEpochMilli(shard.windowStart))
                .setWindowEnd(Instant.ofEpochMilli(now))
                .setLabelHistogram(histogram)
                .setClosedBy(closedBy.name())
                .build();
        context.forward(new Record<>(task, out, now, new RecordHeaders()));
        metrics.shardEmitted(task, closedBy, Duration.ofMillis(now - shard.windowStart));
    }

    private static void extend(List<OffsetRange> ranges, Buffered buffered) {
        for (OffsetRange range : ranges) {
            if (range.getTopic().equals(buffered.topic) && range.getPartition() == buffered.partition) {
                range.setLastOffset(buffered.offset);
                return;
            }
        }
        ranges.add(new OffsetRange(buffered.topic, buffered.partition, buffered.offset, buffered.offset));
    }

    /** {@code task-topic-partition-first-last} for each range: the same examples always give the same id. */
    static String shardId(String task, List<OffsetRange> ranges) {
        StringBuilder id = new StringBuilder(task);
        for (OffsetRange range : ranges) {
            id.append('-').append(range.getTopic()).append('-').append(range.getPartition())
                    .append('-').append(range.getFirstOffset()).append('-').append(range.getLastOffset());
        }
        return id.toString();
    }

    private static String bufferKey(String task, long offset) {
        return task + '/' + String.format("%019d", offset);
    }

    private static String taskOf(String bufferKey) {
        return bufferKey.substring(0, bufferKey.lastIndexOf('/'));
    }

    /** What is known of an open shard without reading its examples back. */
    private static final class OpenShard {
        final long windowStart;
        int count;
        long bytes;

        OpenShard(long windowStart) {
            this.windowStart = windowStart;
        }

        void add(int size) {
            count++;
            bytes += size;
        }
    }

    /** A buffered example with where it came from and when it arrived, as stored. */
    private record Buffered(String topic, int partition, long offset, long arrivedAt, byte[] example) {

        byte[] encode() {
            byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(Integer.BYTES * 2 + Long.BYTES * 2 + topicBytes.length + example.length)
                    .putInt(partition).putLong(offset).putLong(arrivedAt)
                    .putInt(topicBytes.length).put(topicBytes)
                    .put(example)
                    .array();
        }

        static Buffered decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int partition = in.getInt();
            long offset = in.getLong();
            long arrivedAt = in.getLong();
            byte[] topicBytes = new byte[in.getInt()];
            in.get(topicBytes);
            byte[] example = new byte[in.remaining()];
            in.get(example);
            return new Buffered(new String(topicBytes, StandardCharsets.UTF_8), partition, offset, arrivedAt, example);
        }
    }
}
