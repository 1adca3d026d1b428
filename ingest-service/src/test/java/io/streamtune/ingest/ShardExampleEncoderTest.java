package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.ShardExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardExampleEncoderTest {

    private final AvroBinarySerde<ShardExample> avro = new AvroBinarySerde<>(ShardExample.class);

    @Test
    void shouldWriteTheBytesAvroWritesForRandomExamples() {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            LabeledExample example = LabeledExample.newBuilder()
                    .setId(text(random, 1 + random.nextInt(40)))
                    .setTask("spam")
                    .setText(random.nextInt(10) == 0 ? null : text(random, random.nextInt(3_000)))
                    .setFeatures(features(random))
                    .setLabel(text(random, 1 + random.nextInt(10)))
                    .setEventTime(Instant.ofEpochMilli(random.nextLong() >> random.nextInt(64)))
                    .build();
            long ingestedAt = random.nextLong() >> random.nextInt(64);

            assertThat(ShardExampleEncoder.encode(example, ingestedAt)).as("example %d", i)
                    .isEqualTo(avro.serialize(null, ExampleProcessor.toShardExample(example, ingestedAt)));
        }
    }

    @Test
    void shouldDecodeBackToTheShardExample() {
        LabeledExample example = LabeledExample.newBuilder().setId("e-1").setTask("spam")
                .setText("caf\u00e9 \uD83D\uDE00 \u20ac").setFeatures(List.of(0.5, -1.0)).setLabel("ham")
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).build();

        assertThat(avro.deserialize(null, ShardExampleEncoder.encode(example, 1_700_000_000_123L)))
                .isEqualTo(ExampleProcessor.toShardExample(example, 1_700_000_000_123L));
    }

    private static List<Double> features(Random random) {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return null;
        }
        List<Double> features = new ArrayList<>();
        for (int j = kind == 1 ? 0 : random.nextInt(200); j > 0; j--) {
            features.add(switch (random.nextInt(6)) {
                case 0 -> Double.NaN;
                case 1 -> Double.NEGATIVE_INFINITY;
                case 2 -> -0.0;
                default -> random.nextGaussian() * 1e6;
            });
        }
        return features;
    }

    /** Random text over ASCII, Latin-1, other BMP characters and surrogate pairs. */
    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) (0x20 + random.nextInt(0x5F)));
                case 1 -> text.append((char) (0xA0 + random.nextInt(0x60)));
                case 2 -> text.append((char) (0x400 + random.nextInt(0xD000 - 0x400)));
                default -> text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
            }
        }
        return text.toString();
    }
}
