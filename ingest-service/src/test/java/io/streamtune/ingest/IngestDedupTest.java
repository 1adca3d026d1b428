package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/**
 * Duplicate ids are dropped and counted within the dedup horizon, per task, and only accepted ids reach the dedup
 * changelog. Driven through the real topology ({@link IngestTopologyFixture}).
 */
class IngestDedupTest extends IngestTopologyFixture {

    @Test
    void shouldDropAndCountDuplicateIdWithinHorizonButAcceptItAfterwards() {
        start(Map.of("shard.max.examples", "1"));
        send(spam("same").build(), T0);
        send(spam("same").setText("retried").build(), T0.plus(Duration.ofMinutes(59)));
        send(spam("same").build(), T0.plus(Duration.ofMinutes(121)));

        List<TrainingShard> emitted = shards.readValuesToList();
        assertThat(emitted).hasSize(2);
        assertThat(emitted).allSatisfy(shard -> assertThat(shard.getExamples()).extracting(ShardExample::getId)
                .containsExactly("same"));
        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isEqualTo(1.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldDropDuplicateWithinHorizonAcrossAnHourBoundaryAndOutOfOrder() {
        start();
        Instant eventTime = T0.minus(Duration.ofHours(1));
        send(spam("same").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(30)));
        send(spam("same").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(90))); // the horizon later
        send(spam("same").setEventTime(eventTime).build(), T0.minus(Duration.ofMinutes(30))); // the horizon earlier
        send(spam("other").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(59)));
        send(spam("other").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(1))); // earlier, same hour
        send(spam("same").setEventTime(eventTime).build(), T0.plus(Duration.ofMinutes(91))); // past the horizon

        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(3.0);
        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isEqualTo(3.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldRememberIdsTwoHorizonsBehindTheNewestAndForgetOlderOnes() {
        start();
        send(spam("x").build(), T0);
        send(spam("y").build(), T0.plus(Duration.ofMinutes(130))); // the newest bucket is now two after x's
        send(spam("x").build(), T0.plus(Duration.ofMinutes(10))); // late, within x's horizon
        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isEqualTo(1.0);

        send(spam("z").build(), T0.plus(Duration.ofMinutes(190))); // three after: x's bucket is dropped
        send(spam("x").build(), T0.plus(Duration.ofMinutes(20)));

        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isEqualTo(1.0);
        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(4.0);
    }

    @Test
    void shouldLogAcceptedIdsToTheDedupChangelogButNotDuplicatesOrRefusedOnes() {
        start();
        send(spam("a").build());
        send(spam("a").build());
        send(spam("b").setLabel(null).build());
        send(spam("c").build(), T0.plusSeconds(5));

        TestOutputTopic<byte[], byte[]> changelog = driver.createOutputTopic(
                "ingest-test-" + IngestTopology.DEDUP_STORE + "-changelog", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        Map<Long, List<String>> chunks = new TreeMap<>();
        changelog.readKeyValuesToList().forEach(chunk -> DedupStore.readChunk(chunk.value, (key, time) ->
                chunks.computeIfAbsent(ByteBuffer.wrap(chunk.key).getLong(), offset -> new ArrayList<>())
                        .add(new String(key, StandardCharsets.UTF_8) + "@" + Instant.ofEpochMilli(time))));

        // The driver commits after every record: one chunk per accepted example, keyed by its input offset.
        assertThat(chunks).containsExactly(Map.entry(0L, List.of("spam/a@" + T0)),
                Map.entry(3L, List.of("spam/c@" + T0.plusSeconds(5))));
    }

    @Test
    void shouldTreatSameIdInAnotherTaskAsDistinct() {
        start(Map.of("shard.max.examples", "1"));
        send(spam("7").build());
        send(digit("7", 1.0, 2.0, 3.0).build());

        assertThat(shards.readKeyValuesToMap()).containsOnlyKeys("spam", "digits");
        assertThat(count(IngestMetrics.DUPLICATES, "task", "spam")).isZero();
    }
}
