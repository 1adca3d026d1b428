package io.streamtune.ingest;

/**
 * Avro's binary encoding of longs (zig-zag, then 7 bits a byte, low first) and strings (length, then UTF-8), for
 * the classes that write Avro bytes by hand: {@link ShardExampleEncoder} and {@link ShardSerializer}.
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

    /** Bytes a string whose UTF-8 encoding is {@code utf8} takes: its length, then the bytes. */
    static int stringSize(byte[] utf8) {
        return longSize(utf8.length) + utf8.length;
    }
}
