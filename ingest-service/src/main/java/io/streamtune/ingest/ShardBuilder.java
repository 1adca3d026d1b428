package io.streamtune.ingest;

import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.TrainingShard;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
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
 * reaches its task's {@code shardMaxExamples}, when the next example would take it over {@code maxBytes}, or when
 * its task's {@code shardMaxAge} of wall-clock time has passed since its first example (checked by a wall-clock
 * punctuator, so a quiet stream still flushes). A shard keeps the count and age limits its task had when it opened:
 * a changed spec applies from the next shard.
 *
 * <p>The open shards' examples are held in memory only. What is durable is a small record per open shard in a
 * changelogged store: its first source offset, which offsets after it it took, its count, bytes and window start.
 * That record is written right before each commit ({@link CommitHook}), not per example, and under exactly-once
 * it, the emitted shards and the input offsets commit together, so after a restart the store says exactly which
 * input records were taken into the open shard before the last commit; they are read again from the input
 * ({@link InputReplay}) and Streams resumes after the commit with the rest. A restart thus neither loses nor
 * repeats an example, and no example is written twice.
 */
final class ShardBuilder implements Processor<String, AcceptedExample, String, EncodedShard> {

    private final ShardLimits limits;
    private final LiveTaskRules tasks;
    private final Deserializer<LabeledExample> deserializer;
    private final InputReplay replay;
    private final IngestMetrics metrics;
    private final Map<String, OpenShard> open = new HashMap<>();
    /** Tasks whose open shard took examples since the last commit. */
    private final Set<String> unsaved = new HashSet<>();
    private ProcessorContext<String, EncodedShard> context;
    private KeyValueStore<String, byte[]> progress;
    private AbortedTransactionGuard guard;

    /**
     * @param limits the byte limit and check interval; its count and age limits serve a task ingest no longer knows
     *               (deleted while its shard was open)
     */
    ShardBuilder(ShardLimits limits, LiveTaskRules tasks, Deserializer<LabeledExample> deserializer, InputReplay replay,
                 IngestMetrics metrics) {
        this.limits = limits;
        this.tasks = tasks;
        this.deserializer = deserializer;
        this.replay = replay;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, EncodedShard> context) {
        this.context = context;
        this.progress = context.getStateStore(IngestTopology.OPEN_SHARDS_STORE);
        // Streams may initialise a task again after closing it dirty; the store is the truth, memory is not.
        open.clear();
        unsaved.clear();
        try (KeyValueIterator<String, byte[]> entries = progress.all()) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                open.put(entry.key, rebuild(entry.key, Progress.decode(entry.value)));
            }
        }
        context.schedule(limits.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeExpired);
        CommitHook hook = context.getStateStore(IngestTopology.COMMIT_HOOK);
        guard = hook.guard(context, metrics::threadRestartedAfterAbort);
        hook.beforeCommit(this::saveProgress);
    }

    /** The open shard {@code saved} describes, with its examples read again from the input. */
    private OpenShard rebuild(String task, Progress saved) {
        OpenShard shard = new OpenShard(saved.topic, saved.partition, saved.firstOffset, saved.windowStart,
                limitsOf(task));
        replay.replay(new TopicPartition(saved.topic, saved.partition), saved.firstOffset, saved.lastOffset(),
                record -> {
                    if (saved.taken(record.offset())) {
                        LabeledExample example =
                                deserializer.deserialize(record.topic(), record.headers(), record.value());
                        shard.add(record.offset(), new AcceptedExample(example.getLabel(),
                                ShardExampleEncoder.encode(example, record.timestamp())));
                    }
                });
        if (!shard.taken.equals(saved.taken) || shard.bytes != saved.bytes) {
            throw new IllegalStateException("Open shard of task " + task + " on " + saved.topic + "-"
                    + saved.partition + " could not be rebuilt from the input: expected " + saved.taken.cardinality()
                    + " examples (" + saved.bytes + " bytes) from offset " + saved.firstOffset + ", re-read "
                    + shard.count + " (" + shard.bytes + " bytes)");
        }
        return shard;
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
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (shard == null) {
            shard = new OpenShard(source.topic(), source.partition(), source.offset(), now, limitsOf(task));
            open.put(task, shard);
        }
        shard.add(source, record.value());
        if (shard.count >= shard.maxExamples) {
            close(task, ClosedBy.COUNT, now);
        } else if (shard.bytes >= limits.maxBytes()) {
            close(task, ClosedBy.BYTES, now);
        } else {
            unsaved.add(task);
        }
    }

    /** Writes, for each open shard that changed, which input records it took; runs right before each commit. */
    private void saveProgress() {
        for (String task : unsaved) {
            progress.put(task, open.get(task).progress().encode());
        }
        unsaved.clear();
    }

    private void closeExpired(long now) {
        guard.check();
        List<String> expired = open.entrySet().stream()
                .filter(entry -> now - entry.getValue().windowStart >= entry.getValue().maxAgeMs)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        expired.forEach(task -> close(task, ClosedBy.TIME, now));
    }

    private void close(String task, ClosedBy closedBy, long now) {
        OpenShard shard = open.remove(task);
        unsaved.remove(task);
        progress.delete(task);
        List<OffsetRange> ranges = List.of(
                new OffsetRange(shard.topic, shard.partition, shard.firstOffset, shard.lastOffset));
        TrainingShard shell = TrainingShard.newBuilder()
                .setShardId(shardId(task, ranges))
                .setTask(task)
                .setExamples(List.of())
                .setSourceRanges(ranges)
                .setWindowStart(Instant.ofEpochMilli(shard.windowStart))
                .setWindowEnd(Instant.ofEpochMilli(now))
                .setLabelHistogram(shard.histogram)
                .setClosedBy(closedBy.name())
                .build();
        EncodedShard out = new EncodedShard(shell, shard.count, shard.examples.toByteArray());
        context.forward(new Record<>(task, out, now, new RecordHeaders()));
        metrics.shardEmitted(task, closedBy, Duration.ofMillis(now - shard.windowStart));
        if (closedBy == ClosedBy.TIME) {
            // A shard closed by age means the stream is slow: one more commit costs nothing much, and the trainer
            // sees the shard now instead of up to a commit interval later.
            context.commit();
        }
    }

    /** The count and age limits of a new shard of {@code task}: its rules now, else the service's defaults. */
    private ShardLimits limitsOf(String task) {
        TaskRules rules = tasks.find(task);
        return rules == null ? limits
                : new ShardLimits(rules.shardMaxExamples(), limits.maxBytes(), rules.shardMaxAge(),
                        limits.checkInterval());
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

    /**
     * An open shard: its examples' encodings in source order, their label counts and which source offsets they came
     * from. A stream task of this topology reads one partition of one topic, so a shard covers one offset range.
     */
    private static final class OpenShard {
        final String topic;
        final int partition;
        final long firstOffset;
        final long windowStart;
        final int maxExamples;
        final long maxAgeMs;
        final ByteArrayOutputStream examples = new ByteArrayOutputStream();
        final Map<String, Long> histogram = new TreeMap<>();
        /** Bit i: the example at {@code firstOffset + i} is in this shard. */
        final BitSet taken = new BitSet();
        long lastOffset;
        int count;
        long bytes;

        OpenShard(String topic, int partition, long firstOffset, long windowStart, ShardLimits limits) {
            this.topic = topic;
            this.maxExamples = limits.maxExamples();
            this.maxAgeMs = limits.maxAge().toMillis();
            this.partition = partition;
            this.firstOffset = firstOffset;
            this.lastOffset = firstOffset;
            this.windowStart = windowStart;
        }

        void add(RecordMetadata source, AcceptedExample example) {
            if (source.partition() != partition || !source.topic().equals(topic)) {
                throw new IllegalStateException("A shard of " + topic + "-" + partition + " was offered an example "
                        + "from " + source.topic() + "-" + source.partition());
            }
            add(source.offset(), example);
        }

        void add(long offset, AcceptedExample example) {
            taken.set(Math.toIntExact(offset - firstOffset));
            lastOffset = offset;
            examples.writeBytes(example.encoded());
            histogram.merge(example.label(), 1L, Long::sum);
            count++;
            bytes += example.encoded().length;
        }

        Progress progress() {
            return new Progress(topic, partition, firstOffset, windowStart, bytes, taken);
        }
    }

    /**
     * The durable part of an open shard, as stored: enough to tell, offset by offset, which input records it took.
     * The offsets are a bitmap relative to the first, so the stored size is bounded by the offset span / 8.
     */
    private record Progress(String topic, int partition, long firstOffset, long windowStart, long bytes,
                            BitSet taken) {

        long lastOffset() {
            return firstOffset + taken.length() - 1;
        }

        boolean taken(long offset) {
            long index = offset - firstOffset;
            return index >= 0 && index < taken.length() && taken.get((int) index);
        }

        byte[] encode() {
            byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
            byte[] bitmap = taken.toByteArray();
            return ByteBuffer.allocate(Integer.BYTES * 2 + Long.BYTES * 3 + topicBytes.length + bitmap.length)
                    .putInt(partition).putLong(firstOffset).putLong(windowStart).putLong(bytes)
                    .putInt(topicBytes.length).put(topicBytes)
                    .put(bitmap)
                    .array();
        }

        static Progress decode(byte[] stored) {
            ByteBuffer in = ByteBuffer.wrap(stored);
            int partition = in.getInt();
            long firstOffset = in.getLong();
            long windowStart = in.getLong();
            long bytes = in.getLong();
            byte[] topicBytes = new byte[in.getInt()];
            in.get(topicBytes);
            return new Progress(new String(topicBytes, StandardCharsets.UTF_8), partition, firstOffset, windowStart,
                    bytes, BitSet.valueOf(in));
        }
    }
}
