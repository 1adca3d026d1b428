package io.streamtune.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Minimal reader of the protobuf wire format over a byte buffer: enough to walk the few ONNX messages the
 * initializer loader needs without a generated ONNX binding. Nested messages are returned as views that share
 * the underlying bytes, so a 90 MB model is never copied while it is walked.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;

    ProtoReader(ByteBuffer buffer) {
        this.buffer = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    boolean hasMore() {
        return buffer.hasRemaining();
    }

    /** The next tag as {@code fieldNumber << 3 | wireType}. */
    int readTag() {
        long tag = readVarint();
        if (tag == 0 || tag > Integer.MAX_VALUE) {
            throw new OnnxFormatException("invalid protobuf tag " + tag + " at offset " + buffer.position());
        }
        return (int) tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buffer.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new OnnxFormatException("malformed varint at offset " + buffer.position());
    }

    /** A view of the next length-delimited field (message, string, bytes or packed repeated scalars). */
    ByteBuffer readBytes() {
        long length = readVarint();
        if (length < 0 || length > buffer.remaining()) {
            throw new OnnxFormatException("field length " + length + " exceeds the " + buffer.remaining()
                    + " bytes left: truncated or not an ONNX file");
        }
        ByteBuffer view = buffer.slice().limit((int) length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(buffer.position() + (int) length);
        return view;
    }

    ProtoReader readMessage() {
        return new ProtoReader(readBytes());
    }

    String readString() {
        ByteBuffer bytes = readBytes();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return new String(copy, StandardCharsets.UTF_8);
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> buffer.position(buffer.position() + 8);
            case LENGTH_DELIMITED -> readBytes();
            case FIXED32 -> buffer.position(buffer.position() + 4);
            default -> throw new OnnxFormatException("unsupported protobuf wire type " + wireType);
        }
    }
}
