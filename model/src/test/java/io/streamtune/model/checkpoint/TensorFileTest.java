package io.streamtune.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TensorFileTest {

    @Test
    void shouldWriteByteForByteTheLayoutEarlierCheckpointsHaveAndHashWhatItWrites() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("encoder.layer.0.weight", manager.arange(0f, 12f).reshape(3, 4).div(7f));
            tensors.put("bias", manager.create(new float[] {-1.5f, 2.25f}));
            // Not contiguous in memory: written in logical order all the same.
            tensors.put("transposed", manager.arange(0f, 6f).reshape(2, 3).transpose());
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            MessageDigest digest = Checkpoints.sha256();

            TensorFile.write(Channels.newChannel(written), digest, tensors);

            byte[] expected = earlierLayout(tensors);
            assertThat(written.toByteArray()).isEqualTo(expected);
            assertThat(digest.digest()).isEqualTo(Checkpoints.sha256().digest(expected));
            Map<String, NDArray> read = TensorFile.read(new ByteArrayInputStream(expected), manager);
            assertThat(read.get("transposed").getShape()).isEqualTo(new Shape(3, 2));
            assertThat(read.get("transposed").toFloatArray()).containsExactly(0f, 3f, 1f, 4f, 2f, 5f);
        }
    }

    /** The stream writer every checkpoint before the channel writer was written with. */
    private static byte[] earlierLayout(Map<String, NDArray> tensors) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeInt(0x53545431);
        data.writeInt(tensors.size());
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            data.writeUTF(entry.getKey());
            long[] dims = entry.getValue().getShape().getShape();
            data.writeInt(dims.length);
            for (long d : dims) {
                data.writeLong(d);
            }
            float[] values = entry.getValue().toFloatArray();
            ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(values);
            data.write(buffer.array());
        }
        data.flush();
        return bytes.toByteArray();
    }
}
