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
 * {@code initializer = 5}; {@code NodeProto.input = 1, output = 2, name = 3, op_type = 4, attribute = 5};
 * {@code AttributeProto.t = 5}; {@code TensorProto.dims = 1, data_type = 2, float_data = 4, int64_data = 7,
 * name = 8, raw_data = 9, data_location = 14}. Small int64 tensors (initializers and {@code Constant} nodes) are
 * kept too: they hold the shapes the graph reshapes to, e.g. the number of attention heads.
 */
public final class OnnxInitializers {

    /** Int64 tensors up to this many values are kept as constants; larger ones are data, not shapes. */
    private static final int MAX_INT64_CONSTANT = 16;

    /**
     * A dense float32 tensor in row-major order; {@code data} is null when only the layout was read
     * ({@link #parseLayout}).
     */
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
            if (data == null) {
                return new Tensor(newName, new long[] {cols, rows}, null);
            }
            float[] out = new float[data.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[c * rows + r] = data[r * cols + c];
                }
            }
            return new Tensor(newName, new long[] {cols, rows}, out);
        }
    }

    /** A graph node: its name, operator, input and output names. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    private final Map<String, Tensor> tensors;
    private final List<Node> nodes;
    private final Map<String, long[]> int64Constants;

    private OnnxInitializers(Map<String, Tensor> tensors, List<Node> nodes, Map<String, long[]> int64Constants) {
        this.tensors = tensors;
        this.nodes = nodes;
        this.int64Constants = int64Constants;
    }

    /** Parses a serialized {@code ModelProto} with every float32 initializer's values. */
    public static OnnxInitializers parse(ByteBuffer model) {
        return parse(model, true);
    }

    /**
     * Parses names, shapes, nodes and constants but copies no weight values ({@link Tensor#data()} is null): a
     * cheap check of what a model holds, for validation before anything is loaded.
     */
    public static OnnxInitializers parseLayout(ByteBuffer model) {
        return parse(model, false);
    }

    private static OnnxInitializers parse(ByteBuffer model, boolean withData) {
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
        Map<String, long[]> constants = new LinkedHashMap<>();
        while (graph.hasMore()) {
            int tag = graph.readTag();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                nodes.add(readNode(graph.readMessage(), constants));
            } else if (field == 5 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                Tensor tensor = readTensor(graph.readMessage(), withData, constants, null);
                if (tensor != null) {
                    tensors.put(tensor.name(), tensor);
                }
            } else {
                graph.skip(tag & 7);
            }
        }
        return new OnnxInitializers(tensors, nodes, constants);
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Small int64 tensors by name: initializers, and the outputs of {@code Constant} nodes. */
    public Map<String, long[]> int64Constants() {
        return int64Constants;
    }

    private static Node readNode(ProtoReader node, Map<String, long[]> constants) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<ProtoReader> tensorAttributes = new ArrayList<>();
        String name = "";
        String opType = "";
        while (node.hasMore()) {
            int tag = node.readTag();
            switch (tag >>> 3) {
                case 1 -> inputs.add(node.readString());
                case 2 -> outputs.add(node.readString());
                case 3 -> name = node.readString();
                case 4 -> opType = node.readString();
                case 5 -> tensorAttributes.add(node.readMessage());
                default -> node.skip(tag & 7);
            }
        }
        if ("Constant".equals(opType) && outputs.size() == 1) {
            for (ProtoReader attribute : tensorAttributes) {
                readConstantAttribute(attribute, outputs.get(0), constants);
            }
        }
        return new Node(name, opType, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static void readConstantAttribute(ProtoReader attribute, String output, Map<String, long[]> constants) {
        while (attribute.hasMore()) {
            int tag = attribute.readTag();
            if (tag >>> 3 == 5 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                readTensor(attribute.readMessage(), false, constants, output);
            } else {
                attribute.skip(tag & 7);
            }
        }
    }

    /**
     * Reads a tensor: a float32 one is returned (with its values when {@code withData}); a small int64 one is
     * put in {@code constants} under {@code constantName}, or its own name when that is null.
     */
    private static Tensor readTensor(ProtoReader tensor, boolean withData, Map<String, long[]> constants,
            String constantName) {
        TensorProtoFields fields = TensorProtoFields.read(tensor);
        String name = fields.name;
        long[] int64Values = fields.int64Values(MAX_INT64_CONSTANT);
        if (int64Values != null) {
            constants.put(constantName == null ? name : constantName, int64Values);
        }
        if (fields.dataType != TensorProtoFields.ONNX_FLOAT || constantName != null) {
            return null;
        }
        if (fields.external) {
            throw new OnnxFormatException("initializer " + name + " keeps its data in an external file, "
                    + "which is not supported: re-export the model with the weights inside");
        }
        long[] shape = fields.shape();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (!withData) {
            if (fields.storedFloatBytes() != count * Float.BYTES) {
                throw new OnnxFormatException("initializer " + name + " has " + fields.storedFloatBytes()
                        + " bytes for " + count + " floats");
            }
            return new Tensor(name, shape, null);
        }
        float[] data = fields.raw != null ? rawFloats(name, fields.raw, count)
                : packedFloats(name, fields.packedFloats, count);
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
