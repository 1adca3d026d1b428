package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The shard builder across restarts: open shards keep their examples in memory only and are rebuilt from the
 * input, as far as the committed store says they had got.
 */
class ShardBuilderTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String TOPIC = Topics.EXAMPLES.name();
    private static final int PARTITION = 2;
    private static final ShardLimits LIMITS = new ShardLimits(5, 1024 * 1024, Duration.ofMinutes(1),
            Duration.ofSeconds(1));
    private static final IngestTaskDefaults DEFAULTS = new IngestTaskDefaults(100, 0, 0, LIMITS.maxExamples(),
            LIMITS.maxAge());
    private static final AvroBinarySerde<LabeledExample> EXAMPLES = new AvroBinarySerde<>(LabeledExample.class);
    private static final AvroBinarySerde<ShardExample> CODEC = new AvroBinarySerde<>(ShardExample.class);
    private static final AvroBinarySerde<TrainingShard> SHARDS = new AvroBinarySerde<>(TrainingShard.class);

    /** The input partition as the broker holds it: offset to record. */
    private final TreeMap<Long, ConsumerRecord<byte[], byte[]>> input = new TreeMap<>();
    private final List<String> replays = new ArrayList<>();
    private final InputReplay replay = (partition, from, to, action) -> {
        replays.add(partition + ":" + from + ".." + to);
        input.subMap(from, true, to, true).values().forEach(action);
    };
    /** The open-shard store as it was last committed: it outlives each builder. */
    private final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(IngestTopology.OPEN_SHARDS_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled().build();
    private final CommitHook hook = (CommitHook) CommitHook.builder(IngestTopology.COMMIT_HOOK).build();
    private MockProcessorContext<String, EncodedShard> context;
    private ShardBuilder builder;

    private void start() {
        context = new MockProcessorContext<>();
        if (builder == null) {
            store.init(context.getStateStoreContext(), store);
        }
        context.addStateStore(store);
        hook.init(context.getStateStoreContext(), hook);
        context.addStateStore(hook);
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        builder = new ShardBuilder(LIMITS, new LiveTaskRules(DEFAULTS, Map.of()), EXAMPLES, replay,
                new IngestMetrics(new SimpleMeterRegistry(), List.of("spam")));
        builder.init(context);
    }

    /** Puts a record on the input at {@code offset}; an example the example processor passed on is processed. */
    private void arrive(long offset, boolean training) {
        LabeledExample example = LabeledExample.newBuilder().setId("id-" + offset).setTask("spam")
                .setText("text " + offset).setLabel(offset % 2 == 0 ? "ham" : "spam").setEventTime(T0).build();
        long timestamp = T0.plusSeconds(offset).toEpochMilli();
        input.put(offset, new ConsumerRecord<>(TOPIC, PARTITION, offset, timestamp, TimestampType.CREATE_TIME,
                0, 0, new byte[0], EXAMPLES.serialize(TOPIC, example), new RecordHeaders(), Optional.empty()));
        if (training) {
            ShardExample shardExample = ExampleProcessor.toShardExample(example, timestamp);
            context.setRecordMetadata(TOPIC, PARTITION, offset);
            builder.process(new Record<>("spam", new AcceptedExample(shardExample.getLabel(),
                    CODEC.serialize(TOPIC, shardExample)), timestamp));
        }
    }

    /** What Kafka Streams does first when it commits the task. */
    private void commit() {
        hook.flushCache();
    }

    private List<TrainingShard> emitted() {
        ShardSerializer serializer = new ShardSerializer(SHARDS);
        return context.forwarded().stream()
                .map(forward -> SHARDS.deserialize(TOPIC, serializer.serialize(TOPIC, forward.record().value())))
                .toList();
    }

    @Test
    void shouldRebuildHalfFullShardFromTheInputAfterARestart() {
        start();
        arrive(10, true);
        arrive(11, false); // dead-lettered, a duplicate or validation data: not in the shard
        arrive(12, true);
        arrive(13, true);
        arrive(14, false);
        commit();
        assertThat(emitted()).isEmpty();

        start(); // a new builder, as after a crash or on another instance: nothing in memory
        arrive(15, true);
        arrive(16, true);

        assertThat(replays).containsExactly(new TopicPartition(TOPIC, PARTITION) + ":10..13");
        TrainingShard shard = emitted().get(0);
        assertThat(shard.getExamples()).extracting(ShardExample::getId)
                .containsExactly("id-10", "id-12", "id-13", "id-15", "id-16");
        assertThat(shard.getExamples().get(1).getIngestedAt()).isEqualTo(T0.plusSeconds(12));
        assertThat(shard.getSourceRanges()).containsExactly(new OffsetRange(TOPIC, PARTITION, 10L, 16L));
        assertThat(shard.getShardId()).isEqualTo("spam-examples-2-10-16");
        assertThat(shard.getWindowStart()).isEqualTo(T0);
    }

    @Test
    void shouldRebuildOnlyWhatTheLastCommitSaw() {
        start();
        arrive(30, true);
        arrive(31, true);
        commit();
        arrive(32, true); // not committed: Streams hands offsets 32 and 33 to the next builder again
        arrive(33, true);

        start();
        arrive(32, true);
        arrive(33, true);
        arrive(34, true);

        assertThat(replays).containsExactly(new TopicPartition(TOPIC, PARTITION) + ":30..31");
        assertThat(emitted()).singleElement().satisfies(shard -> assertThat(shard.getExamples())
                .extracting(ShardExample::getId).containsExactly("id-30", "id-31", "id-32", "id-33", "id-34"));
    }

    @Test
    void shouldSaveNothingForAShardThatClosedBeforeTheCommit() {
        start();
        for (long offset = 40; offset < 45; offset++) {
            arrive(offset, true);
        }
        commit();

        assertThat(store.approximateNumEntries()).isZero();
        start();
        assertThat(replays).isEmpty();
    }

    @Test
    void shouldRebuildNothingOnceTheShardClosed() {
        start();
        for (long offset = 0; offset < 6; offset++) {
            arrive(offset, true);
        }
        assertThat(emitted()).hasSize(1);
        commit();

        start();
        for (long offset = 6; offset < 10; offset++) {
            arrive(offset, true);
        }

        assertThat(replays).containsExactly(new TopicPartition(TOPIC, PARTITION) + ":5..5");
        assertThat(emitted()).singleElement().satisfies(shard -> assertThat(shard.getExamples())
                .extracting(ShardExample::getId).containsExactly("id-5", "id-6", "id-7", "id-8", "id-9"));
    }

    @Test
    void shouldAskForACommitWhenAShardClosesByAgeButNotByCount() {
        start();
        for (long offset = 0; offset < 5; offset++) {
            arrive(offset, true);
        }
        assertThat(emitted()).singleElement().extracting(TrainingShard::getClosedBy).isEqualTo("COUNT");
        assertThat(context.committed()).isFalse();

        arrive(5, true);
        context.setCurrentSystemTimeMs(T0.plus(LIMITS.maxAge()).toEpochMilli());
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());

        assertThat(emitted()).last().extracting(TrainingShard::getClosedBy).isEqualTo("TIME");
        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldRefuseToStartWhenTheInputNoLongerHoldsAnOpenShardsExamples() {
        start();
        arrive(20, true);
        arrive(21, true);
        commit();
        input.remove(21L); // deleted by retention, say

        assertThatThrownBy(this::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be rebuilt").hasMessageContaining("expected 2 examples");
    }
}
