package io.streamtune.ingest;

import java.nio.ByteBuffer;

/**
 * Avro's binary encoding of longs (zig-zag, then 7 bits a byte, low first) and strings (length, then UTF-8), for
 * the classes that write Avro bytes by hand: {@link ShardExampleEncoder}, {@link ShardSerializer} and the
 * {@link DedupStore}'s changelog chunks.
 */
final class AvroBinary {

    private AvroBinary() {
    }

    /** Bytes {@link #writeLong} takes for {@code value}. */
    static int longSize(long value) {
        long zigZag = (value << 1) ^ (value >> 63);
        int size = 1;
        while ((zigZag & ~0x7FL) != 0) {
            zigZag >>>= 7;
            size++;
        }
        return size;
    }

    /** Writes {@code value} at {@code at}; returns the index after it. */
    static int writeLong(long value, byte[] out, int at) {
        long zigZag = (value << 1) ^ (value >> 63);
        while ((zigZag & ~0x7FL) != 0) {
            out[at++] = (byte) ((zigZag & 0x7F) | 0x80);
            zigZag >>>= 7;
        }
        out[at++] = (byte) zigZag;
        return at;
    }

    /** Reads a long {@link #writeLong} wrote, advancing {@code in}. */
    static long readLong(ByteBuffer in) {
        long zigZag = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 63) {
                throw new IllegalArgumentException("not an Avro long: more than ten bytes");
            }
            byte b = in.get();
            zigZag |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (zigZag >>> 1) ^ -(zigZag & 1);
            }
        }
    }

    /** Writes the string whose UTF-8 encoding is {@code utf8} at {@code at}; returns the index after it. */
    static int writeString(byte[] utf8, byte[] out, int at) {
        int start = writeLong(utf8.length, out, at);
        System.arraycopy(utf8, 0, out, start, utf8.length);
        return start + utf8.length;
    }

    /** Bytes a string whose UTF-8 encoding is {@code utf8} takes: its length, then the bytes. */
    static int stringSize(byte[] utf8) {
        return longSize(utf8.length) + utf8.length;
    }
}
