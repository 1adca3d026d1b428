package io.streamtune.ingest;

import io.streamtune.common.kafka.DeadLetters;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.Split;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Per input record: decode, validate, drop duplicates, split. Refused records go to the dead-letter sink with
 * their original bytes; validation examples to the validation sink; training examples to the shard builder.
 *
 * <p>The dedup store remembers accepted ids (per task) by record timestamp, so a producer retry or replay within
 * the horizon is dropped. Duplicates meet whatever the producer's key: an example read off its
 * {@link CanonicalPartition} is written back there first, so every copy of an id is deduplicated by one store.
 */
final class ExampleProcessor implements Processor<byte[], byte[], Object, Object> {

    private final LiveTaskRules tasks;
    private final ExampleValidator validator;
    private final ExampleDecoder decoder;
    private final DeadLetters deadLetters = new DeadLetters(RecordSizeLimits.MAX_DEAD_LETTER_BYTES);
    private final int maxExampleBytes;
    private final long dedupHorizonMs;
    private final int dedupFilterBytes;
    private final IngestMetrics metrics;
    private final CanonicalPartition canonical;
    private ProcessorContext<Object, Object> context;
    private DedupStore seen;
    private SeenFilter seenFilter;
    private AbortedTransactionGuard guard;

    ExampleProcessor(IngestConfig config, LiveTaskRules tasks, Deserializer<LabeledExample> deserializer,
                     IngestMetrics metrics, CanonicalPartition canonical) {
        this.tasks = tasks;
        this.validator = new ExampleValidator(tasks, config.futureToleranceMs(), config.eventTimeMaxAgeMs());
        this.decoder = new ExampleDecoder(deserializer);
        this.maxExampleBytes = config.shardLimits().maxBytes();
        this.dedupHorizonMs = config.dedupHorizonMs();
        this.dedupFilterBytes = config.dedupFilterBytes();
        this.metrics = metrics;
        this.canonical = canonical;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.seen = context.getStateStore(IngestTopology.DEDUP_STORE);
        this.guard = context.<CommitHook>getStateStore(IngestTopology.COMMIT_HOOK)
                .guard(context, metrics::threadRestartedAfterAbort);
        // Init runs after the store is restored: the filter starts out holding every key the store holds.
        this.seenFilter = new SeenFilter(dedupHorizonMs, dedupFilterBytes);
        seen.forEach((key, time) -> {
            // Task names cannot hold a '/': the first one ends the task.
            int slash = key.indexOf('/');
            seenFilter.add(SeenFilter.hash(key.substring(0, slash), key.substring(slash + 1)), time);
        });
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        // Before anything is counted or written: a task whose earlier output was aborted must start again.
        guard.check();
        metrics.received();
        // Checked before decoding: whatever else is wrong with it, a record that cannot be forwarded whole is
        // refused for its size (and never decoded: it may be a hundred MiB uncompressed).
        if (!deadLetters.fitsWhole(record.key(), record.value(), record.headers())) {
            deadLetter(record, new ExampleRejection(ReasonCode.RECORD_TOO_LARGE, "the record"));
            return;
        }
        ExampleDecoder.Decoded decoded = decoder.decode(topic(), record.headers(), record.value());
        if (decoded.rejection() != null) {
            deadLetter(record, decoded.rejection());
            return;
        }
        LabeledExample example = decoded.example();
        // Looked up once per record: the catalog may change the task meanwhile, and one record keeps one version.
        TaskRules rules = example.getTask() == null ? null : tasks.find(example.getTask());
        ExampleRejection rejection = validator.validate(example, rules, record.timestamp(),
                context.currentSystemTimeMs(), record.value());
        if (rejection != null) {
            deadLetter(record, rejection);
            return;
        }
        // Encoded once, here: the shard is written from these bytes.
        byte[] encoded = ShardExampleEncoder.encode(example, record.timestamp());
        if (encoded.length > maxExampleBytes) {
            deadLetter(record, new ExampleRejection(ReasonCode.EXAMPLE_TOO_LARGE, "example encodes to " + encoded.length
                    + " bytes; shard.max.bytes is " + maxExampleBytes));
            return;
        }
        // Dedup is per partition: an example off its canonical partition goes back there once, deduped on return.
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (canonical.mustReroute(example.getId(), source.partition(), record.headers())) {
            metrics.rerouted(example.getTask());
            context.forward(CanonicalPartition.copy(record, example.getId(), source), IngestTopology.REROUTE_SINK);
            return;
        }
        String task = example.getTask();
        long filterHash = SeenFilter.hash(task, example.getId());
        String dedupKey = task + '/' + example.getId();
        if (seenWithinHorizon(dedupKey, filterHash, record.timestamp())) {
            metrics.duplicate(task);
            return;
        }
        seen.put(dedupKey, record.timestamp(), context.recordMetadata().orElseThrow().offset());
        seenFilter.add(filterHash, record.timestamp());

        Split split = Splitter.split(example, rules.validationFraction());
        metrics.accepted(task, split);
        if (split == Split.VALIDATION) {
            context.forward(record.withKey((Object) task).withValue(example), IngestTopology.VALIDATION_SINK);
        } else {
            context.forward(record.withKey((Object) task)
                    .withValue(new AcceptedExample(example.getLabel(), encoded)), IngestTopology.SHARD_BUILDER);
        }
    }

    private boolean seenWithinHorizon(String key, long filterHash, long timestamp) {
        long from = Math.max(0, timestamp - dedupHorizonMs);
        long to = timestamp + dedupHorizonMs;
        if (!seenFilter.mightContain(filterHash, from, to)) {
            return false;
        }
        metrics.dedupStoreLookup();
        return seen.contains(key, from, to);
    }

    /** The example as a shard holds it ({@link ShardExampleEncoder} writes its bytes without building it). */
    static ShardExample toShardExample(LabeledExample example, long recordTimestamp) {
        return ShardExample.newBuilder()
                .setId(example.getId())
                .setText(example.getText())
                .setFeatures(example.getFeatures())
                .setLabel(example.getLabel())
                .setEventTime(example.getEventTime())
                .setIngestedAt(Instant.ofEpochMilli(recordTimestamp))
                .build();
    }

    /**
     * Forwards the dead letter of a refused record, bounded by {@link DeadLetters}: a record too large to carry
     * whole goes as {@link ReasonCode#RECORD_TOO_LARGE} with its size, SHA-256 and a prefix of its value (and
     * its key and headers only where they fit).
     */
    private void deadLetter(Record<byte[], byte[]> record, ExampleRejection rejection) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        DeadLetters.Source source = new DeadLetters.Source(metadata.topic(), metadata.partition(), metadata.offset());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        DeadLetter deadLetter = deadLetters.letter(rejection.code().name(), rejection.explanation(), record.key(),
                record.value(), record.headers(), source, now);
        metrics.deadLettered(ReasonCode.valueOf(deadLetter.getReasonCode()));
        Record<byte[], byte[]> out = record;
        if (deadLetter.getOriginalValue() == null && record.value() != null) {
            // Not carried whole: the dead-letter record repeats the key and headers only where the letter kept them.
            boolean kept = deadLetters.carriesKeyAndHeaders(record.key(), record.headers());
            out = record.withKey(kept ? record.key() : null).withHeaders(kept ? record.headers() : new RecordHeaders());
        }
        context.forward(out.withValue((Object) deadLetter), IngestTopology.DLQ_SINK);
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(null);
    }
}
