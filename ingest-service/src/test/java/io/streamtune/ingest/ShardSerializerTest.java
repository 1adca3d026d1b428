package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** Splicing pre-encoded examples into a shard must write exactly what encoding the whole shard writes. */
class ShardSerializerTest {

    private static final String TOPIC = "shards";
    private static final AvroBinarySerde<TrainingShard> SHARDS = new AvroBinarySerde<>(TrainingShard.class);
    private static final AvroBinarySerde<ShardExample> EXAMPLES = new AvroBinarySerde<>(ShardExample.class);
    /** Stands in for the registry serializer: magic byte and a 4-byte schema id, then plain Avro binary. */
    private static final Serializer<TrainingShard> FRAMED = (topic, shard) -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 1, 42});
        out.writeBytes(SHARDS.serialize(topic, shard));
        return out.toByteArray();
    };
    private static final String[] WORDS = {"", "a", "spam", "naïve café", "東京", "🚀🚀", "x".repeat(70),
        "y".repeat(200)};

    private final Random random = new Random(20261127L);

    @Test
    void shouldWriteRandomShardsByteForByteAsEncodingTheWholeShardDoes() {
        for (int i = 0; i < 500; i++) {
            TrainingShard shard = randomShard(random.nextInt(i % 5 == 0 ? 300 : 20));

            assertThat(new ShardSerializer(SHARDS).serialize(TOPIC, encoded(shard)))
                    .isEqualTo(SHARDS.serialize(TOPIC, shard));
            assertThat(new ShardSerializer(FRAMED).serialize(TOPIC, encoded(shard)))
                    .isEqualTo(FRAMED.serialize(TOPIC, shard));
        }
    }

    @Test
    void shouldRefuseAnInnerSerializerThatDoesNotEndInTheShellsAvroBinary() {
        Serializer<TrainingShard> trailer = (topic, shard) -> {
            byte[] plain = SHARDS.serialize(topic, shard);
            return Arrays.copyOf(plain, plain.length + 3);
        };
        TrainingShard shard = randomShard(3);

        assertThatThrownBy(() -> new ShardSerializer(trailer).serialize(TOPIC, encoded(shard)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("no empty examples array");
    }

    /** The shard as the shard builder hands it on: a shell and its examples' bytes. */
    private static EncodedShard encoded(TrainingShard shard) {
        ByteArrayOutputStream examples = new ByteArrayOutputStream();
        shard.getExamples().forEach(example -> examples.writeBytes(EXAMPLES.serialize(TOPIC, example)));
        // The copy builder copies the histogram into a map of another order; Avro writes a map in its order.
        TrainingShard shell = TrainingShard.newBuilder(shard).setExamples(List.of())
                .setLabelHistogram(shard.getLabelHistogram()).build();
        return new EncodedShard(shell, shard.getExamples().size(), examples.toByteArray());
    }

    private TrainingShard randomShard(int size) {
        List<ShardExample> examples = IntStream.range(0, size).mapToObj(i -> randomExample()).toList();
        Map<String, Long> histogram = new TreeMap<>();
        examples.forEach(example -> histogram.merge(example.getLabel(), 1L, Long::sum));
        long first = random.nextLong(Long.MAX_VALUE / 2);
        return TrainingShard.newBuilder()
                .setShardId(word() + "-" + first)
                .setTask(word())
                .setExamples(examples)
                .setSourceRanges(List.of(new OffsetRange("examples", random.nextInt(64), first,
                        first + random.nextInt(100_000))))
                .setWindowStart(Instant.ofEpochMilli(random.nextLong(1L << 42)))
                .setWindowEnd(Instant.ofEpochMilli(random.nextLong(1L << 42)))
                .setLabelHistogram(histogram)
                .setClosedBy(ClosedBy.values()[random.nextInt(ClosedBy.values().length)].name())
                .build();
    }

    private ShardExample randomExample() {
        List<Double> features = null;
        if (random.nextBoolean()) {
            features = new ArrayList<>();
            for (int i = random.nextInt(100); i > 0; i--) {
                features.add(random.nextGaussian());
            }
        }
        return ShardExample.newBuilder()
                .setId(word() + random.nextInt())
                .setText(random.nextBoolean() ? null : word() + " " + word())
                .setFeatures(features)
                .setLabel(word())
                .setEventTime(Instant.ofEpochMilli(random.nextLong(1L << 42)))
                .setIngestedAt(Instant.ofEpochMilli(random.nextLong(1L << 42)))
                .build();
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
