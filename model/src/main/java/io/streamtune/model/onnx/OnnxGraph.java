package io.streamtune.model.onnx;

import static io.streamtune.model.onnx.Proto.bytes;
import static io.streamtune.model.onnx.Proto.concat;
import static io.streamtune.model.onnx.Proto.field;
import static io.streamtune.model.onnx.Proto.longs;
import static io.streamtune.model.onnx.Proto.string;
import static io.streamtune.model.onnx.Proto.tag;
import static io.streamtune.model.onnx.Proto.varint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Builds one ONNX {@code ModelProto} by hand: nodes, float and int64 initializers, typed inputs and outputs with
 * fixed or named (dynamic) dimensions, and the model's metadata. Nodes must be added in topological order.
 *
 * <p>Fields written (from onnx.proto): {@code ModelProto.ir_version = 1, producer_name = 2, graph = 7,
 * opset_import = 8, metadata_props = 14}; {@code GraphProto.node = 1, name = 2, initializer = 5, input = 11,
 * output = 12}; {@code NodeProto.input = 1, output = 2, name = 3, op_type = 4, attribute = 5};
 * {@code AttributeProto.name = 1, f = 2, i = 3, ints = 8, type = 20}; {@code TensorProto.dims = 1, data_type = 2,
 * name = 8, raw_data = 9}; {@code ValueInfoProto.name = 1, type = 2}; {@code TypeProto.tensor_type = 1};
 * {@code TypeProto.Tensor.elem_type = 1, shape = 2}; {@code TensorShapeProto.dim = 1};
 * {@code Dimension.dim_value = 1, dim_param = 2}.
 */
public final class OnnxGraph {

    /** {@code TensorProto.DataType.FLOAT}. */
    public static final int FLOAT = TensorProtoFields.ONNX_FLOAT;
    /** {@code TensorProto.DataType.INT64}. */
    public static final int INT64 = TensorProtoFields.ONNX_INT64;

    private static final int ATTRIBUTE_FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private final ByteArrayOutputStream nodes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream initializers = new ByteArrayOutputStream();
    private final ByteArrayOutputStream inputs = new ByteArrayOutputStream();
    private final ByteArrayOutputStream outputs = new ByteArrayOutputStream();

    /** One node attribute; build with {@link #intAttribute}, {@link #floatAttribute}, {@link #intsAttribute}. */
    public record Attribute(byte[] encoded) {}

    public static Attribute intAttribute(String name, long value) {
        return new Attribute(concat(string(1, name), field(3, varint(value)), field(20, varint(ATTRIBUTE_INT))));
    }

    public static Attribute floatAttribute(String name, float value) {
        byte[] fixed32 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
        return new Attribute(concat(string(1, name), tag(2, 5), fixed32, field(20, varint(ATTRIBUTE_FLOAT))));
    }

    public static Attribute intsAttribute(String name, long... values) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (long value : values) {
            packed.writeBytes(varint(value));
        }
        return new Attribute(concat(string(1, name), bytes(8, packed.toByteArray()),
                field(20, varint(ATTRIBUTE_INTS))));
    }

    /** Adds a node with one output, named {@code name}, and returns that output's name. */
    public String node(String name, String opType, List<String> nodeInputs, Attribute... attributes) {
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        nodeInputs.forEach(input -> node.writeBytes(string(1, input)));
        node.writeBytes(string(2, name));
        node.writeBytes(string(3, name));
        node.writeBytes(string(4, opType));
        for (Attribute attribute : attributes) {
            node.writeBytes(bytes(5, attribute.encoded()));
        }
        nodes.writeBytes(bytes(1, node.toByteArray()));
        return name;
    }

    /** A float32 initializer of this shape (row-major values); returns its name. */
    public String floats(String name, long[] dims, float[] values) {
        return initializer(name, dims, FLOAT, Proto.floats(values));
    }

    /** An int64 initializer of this shape; returns its name. */
    public String int64s(String name, long[] dims, long... values) {
        return initializer(name, dims, INT64, longs(values));
    }

    /** A float32 scalar (0-d) initializer. */
    public String scalar(String name, float value) {
        return initializer(name, new long[0], FLOAT, Proto.floats(value));
    }

    private String initializer(String name, long[] dims, int dataType, byte[] raw) {
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        for (long dim : dims) {
            tensor.writeBytes(field(1, varint(dim)));
        }
        tensor.writeBytes(field(2, varint(dataType)));
        tensor.writeBytes(string(8, name));
        tensor.writeBytes(tag(9, 2));
        tensor.writeBytes(varint(raw.length));
        tensor.write(raw, 0, raw.length);
        byte[] encoded = tensor.toByteArray();
        initializers.writeBytes(tag(5, 2));
        initializers.writeBytes(varint(encoded.length));
        initializers.write(encoded, 0, encoded.length);
        return name;
    }

    /** A graph input; each dimension is a {@code Long} (fixed) or a {@code String} (a named dynamic axis). */
    public void input(String name, int elemType, Object... dims) {
        inputs.writeBytes(bytes(11, valueInfo(name, elemType, dims)));
    }

    /** A graph output, dimensions as for {@link #input}. */
    public void output(String name, int elemType, Object... dims) {
        outputs.writeBytes(bytes(12, valueInfo(name, elemType, dims)));
    }

    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        for (Object dim : dims) {
            byte[] dimension = dim instanceof String param ? string(2, param) : field(1, varint((Long) dim));
            shape.writeBytes(bytes(1, dimension));
        }
        byte[] tensorType = concat(field(1, varint(elemType)), bytes(2, shape.toByteArray()));
        return concat(string(1, name), bytes(2, bytes(1, tensorType)));
    }

    /** The whole model: this graph under {@code graphName}, for the default-domain opset, with metadata. */
    public byte[] toModel(String graphName, long irVersion, long opset, String producer, Map<String, String> metadata) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream(
                nodes.size() + initializers.size() + inputs.size() + outputs.size() + 64);
        append(graph, nodes);
        graph.writeBytes(string(2, graphName));
        append(graph, initializers);
        append(graph, inputs);
        append(graph, outputs);
        ByteArrayOutputStream model = new ByteArrayOutputStream(graph.size() + 1024);
        model.writeBytes(field(1, varint(irVersion)));
        model.writeBytes(string(2, producer));
        model.writeBytes(tag(7, 2));
        model.writeBytes(varint(graph.size()));
        append(model, graph);
        model.writeBytes(bytes(8, field(2, varint(opset))));
        metadata.forEach((key, value) -> model.writeBytes(bytes(14, concat(string(1, key), string(2, value)))));
        return model.toByteArray();
    }

    private static void append(ByteArrayOutputStream to, ByteArrayOutputStream from) {
        try {
            from.writeTo(to); // no copy of a 90 MB graph; a ByteArrayOutputStream never throws
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
