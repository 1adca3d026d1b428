package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.ShardExample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroBinarySerdeTest {

    private final AvroBinarySerde<ShardExample> codec = new AvroBinarySerde<>(ShardExample.class);

    @Test
    void shouldCountExactlyTheBytesItWouldWrite() {
        ShardExample ascii = example("short", "hello", null);
        ShardExample wide = example("ü-" + "x".repeat(300), "naïve café 東京 🚀 ".repeat(50), List.of(0.5, -1e300, 3.0));

        assertThat(codec.sizeOf(ascii)).isEqualTo(codec.serialize(null, ascii).length);
        assertThat(codec.sizeOf(wide)).isEqualTo(codec.serialize(null, wide).length).isGreaterThan(1000);
    }

    private static ShardExample example(String id, String text, List<Double> features) {
        return ShardExample.newBuilder().setId(id).setText(text).setFeatures(features).setLabel("ham")
                .setEventTime(Instant.EPOCH).setIngestedAt(Instant.parse("2026-11-27T10:00:00Z")).build();
    }
}
