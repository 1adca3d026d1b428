package io.streamtune.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float32 tensors in a small, engine-independent binary layout: magic {@code STT1}, count, then per tensor
 * its UTF name, rank, dimensions and little-endian floats. Independent of DJL's own encoding so another
 * runtime can read a checkpoint.
 */
final class TensorFile {

    private static final int MAGIC = 0x53545431;

    private TensorFile() {}

    /**
     * Writes {@code tensors} to {@code out} and feeds the same bytes to {@code digest}. Each tensor's floats go from
     * libtorch's memory to the channel in one copy (a direct view of the tensor, little-endian on this platform),
     * with no {@code float[]} or {@code byte[]} in between; the caller keeps the tensors alive and unchanged until
     * this returns.
     */
    static void write(WritableByteChannel out, MessageDigest digest, Map<String, NDArray> tensors)
            throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(header);
        data.writeInt(MAGIC);
        data.writeInt(tensors.size());
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray array = entry.getValue();
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(entry.getKey() + " is " + array.getDataType() + ", not float32");
            }
            data.writeUTF(entry.getKey());
            long[] dims = array.getShape().getShape();
            data.writeInt(dims.length);
            for (long d : dims) {
                data.writeLong(d);
            }
            data.flush();
            writeFully(out, digest, ByteBuffer.wrap(header.toByteArray()));
            header.reset();
            writeFully(out, digest, littleEndian(array));
        }
        data.flush();
        writeFully(out, digest, ByteBuffer.wrap(header.toByteArray()));
    }

    private static ByteBuffer littleEndian(NDArray array) {
        ByteBuffer bytes = array.toByteBuffer(true);
        if (bytes.order() == ByteOrder.LITTLE_ENDIAN) {
            return bytes;
        }
        // A big-endian platform: the file format is little-endian.
        ByteBuffer swapped = ByteBuffer.allocate(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        swapped.asFloatBuffer().put(bytes.asFloatBuffer());
        return swapped;
    }

    /** Writes all of {@code bytes} to {@code out}, adding them to {@code digest} on the way. */
    static void writeFully(WritableByteChannel out, MessageDigest digest, ByteBuffer bytes)
            throws IOException {
        digest.update(bytes.duplicate());
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Reads every tensor onto {@code manager}, in file order. */
    static Map<String, NDArray> read(InputStream in, NDManager manager) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a Streamtune tensor file (bad magic)");
        }
        int count = data.readInt();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = data.readUTF();
            int rank = data.readInt();
            long[] dims = new long[rank];
            long size = 1;
            for (int d = 0; d < rank; d++) {
                dims[d] = data.readLong();
                size *= dims[d];
            }
            byte[] raw = new byte[Math.multiplyExact(Math.toIntExact(size), Float.BYTES)];
            data.readFully(raw);
            float[] values = new float[(int) size];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.put(name, manager.create(values, new Shape(dims)));
        }
        return tensors;
    }
}
