package io.streamtune.model.bert;

import io.streamtune.model.onnx.OnnxInitializers;
import io.streamtune.model.onnx.OnnxInitializers.Node;
import io.streamtune.model.onnx.OnnxInitializers.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the initializers of a Hugging Face BERT ONNX export onto Hugging Face parameter names.
 *
 * <p>Embeddings, biases and LayerNorms keep their names in the export. The linear weights were folded into
 * {@code MatMul} nodes under anonymous names ({@code onnx::MatMul_NNN}) and stored as {@code [in, out]}; the
 * consuming node's name still says which layer it is ({@code /encoder/layer.0/attention/self/query/MatMul}), so
 * each is renamed after its node and transposed to the {@code [out, in]} layout of a linear layer.
 */
public final class BertWeights {

    private static final Pattern MATMUL_NODE = Pattern.compile("^/(?:bert/)?(.+)/MatMul$");

    private BertWeights() {}

    public static Map<String, Tensor> fromOnnx(OnnxInitializers onnx) {
        Map<String, Node> consumers = new HashMap<>();
        for (Node node : onnx.nodes()) {
            for (String input : node.inputs()) {
                consumers.putIfAbsent(input, node);
            }
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (Tensor tensor : onnx.tensors().values()) {
            String name = tensor.name();
            if (name.startsWith("onnx::")) {
                Node node = consumers.get(name);
                Matcher matcher = node == null ? null : MATMUL_NODE.matcher(node.name());
                if (node != null && "MatMul".equals(node.opType()) && matcher.matches()) {
                    String layer = matcher.group(1).replace('/', '.');
                    named.put(layer + ".weight", tensor.transpose2d(layer + ".weight"));
                }
                // Other anonymous initializers are constants of the exported graph, not weights.
            } else {
                String hfName = name.startsWith("bert.") ? name.substring("bert.".length()) : name;
                named.put(hfName, new Tensor(hfName, tensor.shape(), tensor.data()));
            }
        }
        return named;
    }

    /**
     * Every encoder weight a BERT of this shape needs, with its shape, under Hugging Face names: what a base model
     * must provide before anything is loaded into the engine.
     */
    public static Map<String, long[]> expectedShapes(BertConfig config) {
        long hidden = config.hiddenSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.word_embeddings.weight", new long[] {config.vocabSize(), hidden});
        shapes.put("embeddings.position_embeddings.weight", new long[] {config.maxPositions(), hidden});
        shapes.put("embeddings.token_type_embeddings.weight", new long[] {config.typeVocabSize(), hidden});
        layerNorm(shapes, "embeddings.LayerNorm", hidden);
        for (int i = 0; i < config.numLayers(); i++) {
            String layer = "encoder.layer." + i;
            linear(shapes, layer + ".attention.self.query", hidden, hidden);
            linear(shapes, layer + ".attention.self.key", hidden, hidden);
            linear(shapes, layer + ".attention.self.value", hidden, hidden);
            linear(shapes, layer + ".attention.output.dense", hidden, hidden);
            layerNorm(shapes, layer + ".attention.output.LayerNorm", hidden);
            linear(shapes, layer + ".intermediate.dense", config.intermediateSize(), hidden);
            linear(shapes, layer + ".output.dense", hidden, config.intermediateSize());
            layerNorm(shapes, layer + ".output.LayerNorm", hidden);
        }
        return shapes;
    }

    private static void linear(Map<String, long[]> shapes, String prefix, long out, long in) {
        shapes.put(prefix + ".weight", new long[] {out, in});
        shapes.put(prefix + ".bias", new long[] {out});
    }

    private static void layerNorm(Map<String, long[]> shapes, String prefix, long width) {
        shapes.put(prefix + ".weight", new long[] {width});
        shapes.put(prefix + ".bias", new long[] {width});
    }
}
