package io.streamtune.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.common.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the ingest topology from a config. Input values are read as raw bytes and decoded inside the first
 * processor, so bytes that do not decode are dead-lettered with everything they came with instead of stopping a
 * stream thread.
 *
 * <pre>
 * examples ─► validate/dedup/split ─┬─► examples.dlq
 *                                   ├─► examples (read off its canonical partition: written back to it, once)
 *                                   ├─► examples.validation
 *                                   └─► shard builder ─► shards
 * </pre>
 */
public final class IngestTopology {

    public static final String SOURCE = "examples-source";
    public static final String EXAMPLE_PROCESSOR = "validate-dedup-split";
    public static final String SHARD_BUILDER = "shard-builder";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String VALIDATION_SINK = "validation-sink";
    public static final String SHARD_SINK = "shard-sink";
    /** Writes examples read off their {@link CanonicalPartition} back to {@code examples}, on that partition. */
    public static final String REROUTE_SINK = "reroute-sink";
    /**
     * Ids accepted within the dedup horizon, per task ({@link DedupStore}). Named apart from the window store it
     * replaced, whose changelog has another format.
     */
    public static final String DEDUP_STORE = "ingest-accepted-ids";
    /** Per task name, which source offsets the open shard took (its examples are in memory only). */
    public static final String OPEN_SHARDS_STORE = "ingest-open-shards";
    /** Runs the shard builder's write of {@link #OPEN_SHARDS_STORE} before each commit; holds nothing. */
    public static final String COMMIT_HOOK = "ingest-commit-hook";

    private IngestTopology() {
    }

    /**
     * The topology; pure: it starts nothing and reads no environment.
     *
     * @param config   validated configuration
     * @param tasks    the tasks known now, looked up per record: the topology is built once, its tasks are live
     * @param serdes   value formats
     * @param replay   reads input records again, to rebuild open shards after a restart
     * @param registry where the ingest meters are registered
     * @param examplesPartitions partition count of the {@code examples} topic: which partition each id belongs on
     */
    public static Topology build(IngestConfig config, LiveTaskRules tasks, IngestSerdes serdes, InputReplay replay,
                                 MeterRegistry registry, int examplesPartitions) {
        IngestMetrics metrics = new IngestMetrics(registry, tasks.names());
        CanonicalPartition canonical = new CanonicalPartition(examplesPartitions);
        Duration horizon = Duration.ofMillis(config.dedupHorizonMs());

        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.EXAMPLES.name());
        topology.addProcessor(EXAMPLE_PROCESSOR,
                () -> new ExampleProcessor(config, tasks, serdes.examples(), metrics, canonical), SOURCE);
        topology.addStateStore(DedupStore.builder(DEDUP_STORE, horizon), EXAMPLE_PROCESSOR);
        topology.addProcessor(SHARD_BUILDER, () -> new ShardBuilder(config.shardLimits(), tasks, serdes.examples(),
                replay, metrics), EXAMPLE_PROCESSOR);
        // One small entry per task, written by the commit hook once per commit. No cache: the hook runs while the
        // task's caches are flushed, and what it writes must reach the changelog in that same commit.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(OPEN_SHARDS_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled(), SHARD_BUILDER);
        topology.addStateStore(CommitHook.builder(COMMIT_HOOK), EXAMPLE_PROCESSOR, SHARD_BUILDER);
        topology.addSink(DLQ_SINK, Topics.EXAMPLES_DLQ.name(), new ByteArraySerializer(), serdes.deadLetters(),
                EXAMPLE_PROCESSOR);
        topology.addSink(VALIDATION_SINK, Topics.EXAMPLES_VALIDATION.name(), new StringSerializer(),
                serdes.validation(), EXAMPLE_PROCESSOR);
        topology.addSink(REROUTE_SINK, Topics.EXAMPLES.name(), new ByteArraySerializer(), new ByteArraySerializer(),
                canonical, EXAMPLE_PROCESSOR);
        topology.addSink(SHARD_SINK, Topics.SHARDS.name(), new StringSerializer(),
                new ShardSerializer(serdes.shards()), SHARD_BUILDER);
        return topology;
    }
}
