package io.streamtune.registry;

import io.streamtune.registry.errors.TruncatedPayloadException;
import io.streamtune.registry.errors.UnknownMagicByteException;
import java.nio.ByteBuffer;

/**
 * Confluent's wire format: byte 0 is the magic byte {@code 0x00}, bytes 1–4 the big-endian global schema id, then
 * the Avro binary encoding of the record.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Writes the 5-byte header into {@code target}. */
    public static void writeHeader(ByteBuffer target, int schemaId) {
        target.put(MAGIC_BYTE).putInt(schemaId);
    }

    /**
     * The schema id of {@code payload}, validating the header.
     *
     * @throws UnknownMagicByteException  when byte 0 is not {@code 0x00}
     * @throws TruncatedPayloadException when the payload is shorter than the header
     */
    public static int schemaId(String topic, byte[] payload) {
        if (payload.length == 0) {
            throw new TruncatedPayloadException(topic, 0, "empty, expected at least a 5-byte header", null);
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new UnknownMagicByteException(topic, payload[0] & 0xff);
        }
        if (payload.length < HEADER_LENGTH) {
            throw new TruncatedPayloadException(topic, payload.length,
                    "shorter than the 5-byte header (magic byte and 4-byte schema id)", null);
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
