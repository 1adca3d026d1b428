package io.streamtune.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float32 initializers (weights) of an ONNX model and the graph nodes that consume them, read straight from
 * the protobuf: ONNX Runtime runs a model but does not hand its weights out.
 *
 * <p>Fields read (from onnx.proto): {@code ModelProto.graph = 7}; {@code GraphProto.node = 1},
 * {@code initializer = 5}; {@code NodeProto.input = 1, name = 3, op_type = 4}; {@code TensorProto.dims = 1,
 * data_type = 2, float_data = 4, name = 8, raw_data = 9, data_location = 14}.
 */
public final class OnnxInitializers {

    private static final int ONNX_FLOAT = 1;
    private static final int DATA_LOCATION_EXTERNAL = 1;

    /** A dense float32 tensor in row-major order. */
    public record Tensor(String name, long[] shape, float[] data) {

        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The transpose of a 2-D tensor. */
        public Tensor transpose2d(String newName) {
            if (shape.length != 2) {
                throw new IllegalStateException(name + " is not 2-D");
            }
            int rows = (int) shape[0];
            int cols = (int) shape[1];
            float[] out = new float[data.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[c * rows + r] = data[r * cols + c];
                }
            }
            return new Tensor(newName, new long[] {cols, rows}, out);
        }
    }

    /** A graph node: its name, operator and input names. */
    public record Node(String name, String opType, List<String> inputs) {}

    private final Map<String, Tensor> tensors;
    private final List<Node> nodes;

    private OnnxInitializers(Map<String, Tensor> tensors, List<Node> nodes) {
        this.tensors = tensors;
        this.nodes = nodes;
    }

    /** Parses a serialized {@code ModelProto}; non-float initializers (shape constants) are skipped. */
    public static OnnxInitializers parse(ByteBuffer model) {
        ProtoReader reader = new ProtoReader(model);
        ProtoReader graph = null;
        while (reader.hasMore()) {
            int tag = reader.readTag();
            if (tag >>> 3 == 7 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                graph = reader.readMessage();
            } else {
                reader.skip(tag & 7);
            }
        }
        if (graph == null) {
            throw new OnnxFormatException("no graph in the model: not an ONNX ModelProto");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        while (graph.hasMore()) {
            int tag = graph.readTag();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                nodes.add(readNode(graph.readMessage()));
            } else if (field == 5 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                Tensor tensor = readTensor(graph.readMessage());
                if (tensor != null) {
                    tensors.put(tensor.name(), tensor);
                }
            } else {
                graph.skip(tag & 7);
            }
        }
        return new OnnxInitializers(tensors, nodes);
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public List<Node> nodes() {
        return nodes;
    }

    private static Node readNode(ProtoReader node) {
        List<String> inputs = new ArrayList<>();
        String name = "";
        String opType = "";
        while (node.hasMore()) {
            int tag = node.readTag();
            switch (tag >>> 3) {
                case 1 -> inputs.add(node.readString());
                case 3 -> name = node.readString();
                case 4 -> opType = node.readString();
                default -> node.skip(tag & 7);
            }
        }
        return new Node(name, opType, List.copyOf(inputs));
    }

    private static Tensor readTensor(ProtoReader tensor) {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        ByteBuffer raw = null;
        List<ByteBuffer> packedFloats = new ArrayList<>();
        boolean external = false;
        while (tensor.hasMore()) {
            int tag = tensor.readTag();
            int wire = tag & 7;
            switch (tag >>> 3) {
                case 1 -> {
                    if (wire == ProtoReader.LENGTH_DELIMITED) {
                        ProtoReader packed = tensor.readMessage();
                        while (packed.hasMore()) {
                            dims.add(packed.readVarint());
                        }
                    } else {
                        dims.add(tensor.readVarint());
                    }
                }
                case 2 -> dataType = (int) tensor.readVarint();
                case 4 -> {
                    if (wire == ProtoReader.LENGTH_DELIMITED) {
                        packedFloats.add(tensor.readBytes());
                    } else {
                        throw new OnnxFormatException("unpacked float_data is not supported");
                    }
                }
                case 8 -> name = tensor.readString();
                case 9 -> raw = tensor.readBytes();
                case 14 -> external = tensor.readVarint() == DATA_LOCATION_EXTERNAL;
                default -> tensor.skip(wire);
            }
        }
        if (dataType != ONNX_FLOAT) {
            return null;
        }
        if (external) {
            throw new OnnxFormatException("initializer " + name + " keeps its data in an external file, "
                    + "which is not supported: re-export the model with the weights inside");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        float[] data = raw != null ? rawFloats(name, raw, count) : packedFloats(name, packedFloats, count);
        return new Tensor(name, shape, data);
    }

    private static float[] rawFloats(String name, ByteBuffer raw, long count) {
        float[] data = new float[Math.toIntExact(count)];
        if (raw.remaining() != count * Float.BYTES) {
            throw new OnnxFormatException("initializer " + name + " has " + raw.remaining()
                    + " raw bytes for " + count + " floats");
        }
        raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return data;
    }

    private static float[] packedFloats(String name, List<ByteBuffer> packedFloats, long count) {
        float[] data = new float[Math.toIntExact(count)];
        int offset = 0;
        for (ByteBuffer chunk : packedFloats) {
            FloatBuffer floats = chunk.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            int n = floats.remaining();
            if (offset + n > data.length) {
                throw new OnnxFormatException("initializer " + name + " has more floats than its shape");
            }
            floats.get(data, offset, n);
            offset += n;
        }
        if (offset != data.length) {
            throw new OnnxFormatException("initializer " + name + " has " + offset + " floats for " + data.length);
        }
        return data;
    }
}
