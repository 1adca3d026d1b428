package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.registry.errors.TruncatedPayloadException;
import io.streamtune.registry.errors.UnknownMagicByteException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void shouldReadTheSchemaIdBigEndian() {
        byte[] payload = {0, 0x01, 0x02, 0x03, 0x04, 42};

        assertThat(WireFormat.schemaId("t", payload)).isEqualTo(0x01020304);
    }

    @Test
    void shouldWriteAHeaderThatReadsBack() {
        ByteBuffer buffer = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
        WireFormat.writeHeader(buffer, 123_456);

        assertThat(buffer.array()[0]).isZero();
        assertThat(WireFormat.schemaId("t", buffer.array())).isEqualTo(123_456);
    }

    @Test
    void shouldRejectAnEmptyPayloadAsTruncated() {
        assertThatThrownBy(() -> WireFormat.schemaId("examples", new byte[0]))
                .isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("examples").hasMessageContaining("empty");
    }

    @Test
    void shouldCheckTheMagicByteBeforeTheLength() {
        // One stray byte that is not 0 is more usefully reported as a foreign format than as truncation.
        assertThatThrownBy(() -> WireFormat.schemaId("examples", new byte[] {(byte) 0xff}))
                .isInstanceOfSatisfying(UnknownMagicByteException.class,
                        e -> assertThat(e.magicByte()).isEqualTo(0xff))
                .hasMessageContaining("0xff");
    }

    @Test
    void shouldRejectAHeaderShorterThanFiveBytes() {
        assertThatThrownBy(() -> WireFormat.schemaId("examples", new byte[] {0, 0, 0, 1}))
                .isInstanceOfSatisfying(TruncatedPayloadException.class, e -> assertThat(e.length()).isEqualTo(4));
    }
}
