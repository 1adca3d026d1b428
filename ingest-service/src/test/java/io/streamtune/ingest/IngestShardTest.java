package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Training shards close by count, bytes or wall-clock age, one open shard per task, saved at each commit. Driven
 * through the real topology ({@link IngestTopologyFixture}).
 */
class IngestShardTest extends IngestTopologyFixture {

    @Test
    void shouldCloseShardAtMaxExamplesWithIdRangesAndHistogram() {
        start();
        send(spam("a").setLabel("ham").build());
        send(spam("b").setLabel(null).build()); // dead-lettered, but inside the shard's offset range
        send(spam("c").build());
        send(spam("d").setLabel("ham").build());
        send(spam("e").build());
        send(spam("f").build());
        send(spam("g").build());

        TestRecord<String, TrainingShard> record = shards.readRecord();
        TrainingShard shard = record.value();
        assertThat(record.key()).isEqualTo("spam");
        assertThat(shard.getClosedBy()).isEqualTo(ClosedBy.COUNT.name());
        assertThat(shard.getExamples()).extracting(ShardExample::getId).containsExactly("a", "c", "d", "e", "f");
        assertThat(shard.getSourceRanges()).containsExactly(new OffsetRange(Topics.EXAMPLES.name(), 0, 0L, 5L));
        assertThat(shard.getShardId()).isEqualTo("spam-examples-0-0-5");
        assertThat(shard.getLabelHistogram()).isEqualTo(Map.of("ham", 2L, "spam", 3L));
        assertThat(shard.getExamples().get(0).getIngestedAt()).isEqualTo(T0);
        assertThat(shards.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.SHARDS, "closed_by", "COUNT")).isEqualTo(1.0);
    }

    @Test
    void shouldCloseShardBeforeItsExamplesExceedMaxBytes() {
        start(Map.of("shard.max.bytes", "1024", "shard.max.examples", "100", "task.spam.max.text.chars", "1000"));
        IntStream.range(0, 6).forEach(i -> send(spam("id-" + i).setText("z".repeat(300)).build()));

        TrainingShard shard = shards.readValue();
        assertThat(shard.getClosedBy()).isEqualTo(ClosedBy.BYTES.name());
        assertThat(shard.getExamples()).hasSize(3);
        int exampleBytes = shard.getExamples().stream()
                .mapToInt(example -> new AvroBinarySerde<>(ShardExample.class).serialize(null, example).length)
                .sum();
        assertThat(exampleBytes).isLessThanOrEqualTo(1024);
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(shards.readValue().getExamples()).extracting(ShardExample::getId)
                .containsExactly("id-3", "id-4", "id-5");
    }

    @Test
    void shouldCloseShardByWallClockAgeWithoutFurtherRecords() {
        start();
        send(spam("early").build());
        driver.advanceWallClockTime(Duration.ofSeconds(4));
        send(spam("later").build());
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(shards.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(1));

        TrainingShard shard = shards.readValue();
        assertThat(shard.getClosedBy()).isEqualTo(ClosedBy.TIME.name());
        assertThat(shard.getExamples()).extracting(ShardExample::getId).containsExactly("early", "later");
        assertThat(shard.getWindowStart()).isEqualTo(T0);
        assertThat(shard.getWindowEnd()).isEqualTo(T0.plus(Duration.ofSeconds(10)));
    }

    @Test
    void shouldSaveWhatTheOpenShardTookWhenStreamsCommits() {
        start();
        send(spam("a").build());
        send(spam("b").setLabel(null).build());
        KeyValueStore<String, byte[]> openShards = driver.getKeyValueStore(IngestTopology.OPEN_SHARDS_STORE);
        byte[] afterOne = openShards.get("spam");

        send(spam("c").build()); // the driver commits after each record, and the commit runs the hook

        assertThat(afterOne).isNotNull();
        assertThat(openShards.get("spam")).isNotNull().isNotEqualTo(afterOne);
        IntStream.range(0, 3).forEach(i -> send(spam("full-" + i).build()));
        assertThat(shards.readValue().getExamples()).hasSize(5);
        assertThat(openShards.get("spam")).isNull();
    }

    @Test
    void shouldKeepOneOpenShardPerTask() {
        start();
        IntStream.range(0, 4).forEach(i -> send(spam("s" + i).build()));
        IntStream.range(0, 5).forEach(i -> send(digit("d" + i, 1.0, 2.0, 3.0).build()));

        TestRecord<String, TrainingShard> digits = shards.readRecord();
        assertThat(digits.key()).isEqualTo("digits");
        assertThat(digits.value().getSourceRanges()).containsExactly(new OffsetRange("examples", 0, 4L, 8L));
        assertThat(shards.isEmpty()).isTrue();
    }
}
