package io.streamtune.model.bert;

import static io.streamtune.model.onnx.Proto.bytes;
import static io.streamtune.model.onnx.Proto.concat;
import static io.streamtune.model.onnx.Proto.floats;
import static io.streamtune.model.onnx.Proto.longs;
import static io.streamtune.model.onnx.Proto.string;
import static io.streamtune.model.onnx.Proto.tag;
import static io.streamtune.model.onnx.Proto.varint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes a small BERT ONNX file laid out as a Hugging Face export lays out its weights: Hugging Face names for
 * embeddings, biases and LayerNorms, anonymous {@code [in, out]} MatMul weights named by their node, an Erf
 * activation, and the query's {@code Reshape} to {@code (batch, length, heads, headSize)}. ONNX Runtime could not
 * run it (the graph is only what the loader reads), but every weight is real.
 */
public final class TinyBertOnnx {

    private final BertConfig config;
    private final Set<String> omitted = new LinkedHashSet<>();
    private String activation = "Erf";
    private boolean headsInGraph = true;

    public TinyBertOnnx(BertConfig config) {
        this.config = config;
    }

    /** Leaves a weight out, as an export of another architecture would. */
    public TinyBertOnnx without(String weight) {
        omitted.add(weight);
        return this;
    }

    /** Uses this operator instead of {@code Erf}, e.g. a quantized or fused one. */
    public TinyBertOnnx withActivation(String opType) {
        activation = opType;
        return this;
    }

    /** Leaves out the query's reshape into heads, as an export with fused or unusual attention would. */
    public TinyBertOnnx withoutHeadsInGraph() {
        headsInGraph = false;
        return this;
    }

    public Path writeTo(Path file) {
        try {
            return Files.write(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] toBytes() {
        Random random = new Random(1);
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        int anonymous = 0;
        for (Map.Entry<String, long[]> weight : BertWeights.expectedShapes(config).entrySet()) {
            String name = weight.getKey();
            if (omitted.contains(name)) {
                continue;
            }
            long[] shape = weight.getValue();
            float[] values = new float[(int) (shape.length == 2 ? shape[0] * shape[1] : shape[0])];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian() * 0.02f;
            }
            boolean linear = shape.length == 2 && !name.startsWith("embeddings.");
            if (linear) {
                // Stored [in, out] under an anonymous name that only the consuming MatMul node explains.
                String stored = "onnx::MatMul_" + anonymous++;
                String layer = name.substring(0, name.length() - ".weight".length());
                String nodeName = "/" + layer.replace('.', '/').replace("layer/", "layer.") + "/MatMul";
                graph.writeBytes(bytes(1, node(nodeName, "MatMul", List.of("hidden", stored),
                        List.of(layer + "_out"))));
                graph.writeBytes(bytes(5, floatTensor(stored, new long[] {shape[1], shape[0]}, values)));
            } else {
                graph.writeBytes(bytes(5, floatTensor(name, shape, values)));
            }
        }
        graph.writeBytes(bytes(1, node("/encoder/layer.0/intermediate/intermediate_act_fn/" + activation,
                activation, List.of("x"), List.of("y"))));
        if (headsInGraph) {
            writeHeads(graph);
        }
        graph.writeBytes(string(2, "main_graph"));
        return concat(tag(1, 0), varint(8), bytes(7, graph.toByteArray()));
    }

    private void writeHeads(ByteArrayOutputStream graph) {
        int heads = config.numHeads();
        graph.writeBytes(bytes(1, node("/encoder/layer.0/attention/self/query/Add", "Add",
                List.of("q", "encoder.layer.0.attention.self.query.bias"), List.of("query_added"))));
        graph.writeBytes(bytes(1, constant("heads", heads)));
        graph.writeBytes(bytes(1, constant("head_size", config.hiddenSize() / heads)));
        graph.writeBytes(bytes(1, node("/encoder/layer.0/attention/self/Concat", "Concat",
                List.of("batch", "length", "heads", "head_size"), List.of("query_shape"))));
        graph.writeBytes(bytes(1, node("/encoder/layer.0/attention/self/Reshape", "Reshape",
                List.of("query_added", "query_shape"), List.of("query_heads"))));
    }

    private static byte[] node(String name, String opType, List<String> inputs, List<String> outputs) {
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        inputs.forEach(input -> node.writeBytes(string(1, input)));
        outputs.forEach(output -> node.writeBytes(string(2, output)));
        node.writeBytes(string(3, name));
        node.writeBytes(string(4, opType));
        return node.toByteArray();
    }

    /** A {@code Constant} node whose {@code value} attribute is a one-element int64 tensor. */
    private static byte[] constant(String output, long value) {
        byte[] tensor = concat(tag(1, 0), varint(1), tag(2, 0), varint(7), bytes(9, longs(value)));
        byte[] attribute = concat(string(1, "value"), bytes(5, tensor));
        return concat(string(2, output), string(3, "/encoder/layer.0/attention/self/Constant_" + output),
                string(4, "Constant"), bytes(5, attribute));
    }

    private static byte[] floatTensor(String name, long[] shape, float[] values) {
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        for (long dim : shape) {
            tensor.writeBytes(concat(tag(1, 0), varint(dim)));
        }
        tensor.writeBytes(concat(tag(2, 0), varint(1)));
        tensor.writeBytes(string(8, name));
        tensor.writeBytes(bytes(9, floats(values)));
        return tensor.toByteArray();
    }
}
