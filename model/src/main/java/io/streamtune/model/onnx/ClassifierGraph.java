package io.streamtune.model.onnx;

import static io.streamtune.model.onnx.OnnxGraph.floatAttribute;
import static io.streamtune.model.onnx.OnnxGraph.intAttribute;
import static io.streamtune.model.onnx.OnnxGraph.intsAttribute;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.streamtune.model.ClassifierBlock;
import io.streamtune.model.bert.BertConfig;
import java.util.List;
import java.util.Map;

/**
 * Lays out a {@code TextClassifier} as an ONNX graph with the maths of {@code model.bert}: embeddings (word +
 * position + token type, LayerNorm), post-norm layers (attention with an additive key mask of -1e9 on padding,
 * erf-GELU feed-forward), mean pooling over the attention mask, the linear head and a softmax. Linear weights
 * are stored transposed ({@code [in, out]}) for {@code MatMul}, under their Hugging Face names.
 */
final class ClassifierGraph {

    /** As {@code BertEncoder}'s padding score: softmax then gives padding keys exactly 0. */
    private static final float MASKED_SCORE = -1e9f;
    /** As {@code ClassifierBlock.meanPool}: a text with no real token divides by this, not by 0. */
    private static final float MIN_TOKENS = 1e-9f;

    private final OnnxGraph graph = new OnnxGraph();
    private final Map<String, Parameter> parameters;
    private final BertConfig config;

    private ClassifierGraph(Map<String, Parameter> parameters, BertConfig config) {
        this.parameters = parameters;
        this.config = config;
    }

    /** The graph of the classifier with these Hugging Face-named parameters, labels wide. */
    static OnnxGraph build(Map<String, Parameter> parameters, BertConfig config, int labels) {
        ClassifierGraph builder = new ClassifierGraph(parameters, config);
        builder.layOut(labels);
        return builder.graph;
    }

    private void layOut(int labels) {
        for (String input : OnnxExport.INPUTS) {
            graph.input(input, OnnxGraph.INT64, "batch", "sequence");
        }
        graph.output(OnnxExport.LOGITS, OnnxGraph.FLOAT, "batch", (long) labels);
        graph.output(OnnxExport.PROBABILITIES, OnnxGraph.FLOAT, "batch", (long) labels);
        graph.scalar("one", 1f);

        String maskFloat = graph.node("/mask/Cast", "Cast", List.of("attention_mask"),
                intAttribute("to", OnnxGraph.FLOAT));
        String padding = graph.node("/mask/Sub", "Sub", List.of("one", maskFloat));
        String bias = graph.node("/mask/Mul", "Mul", List.of(padding, graph.scalar("masked_score", MASKED_SCORE)));
        String keyBias = graph.node("/mask/Unsqueeze", "Unsqueeze",
                List.of(bias, graph.int64s("mask_axes", new long[] {2}, 1, 2)));

        String hidden = embeddings();
        for (int i = 0; i < config.numLayers(); i++) {
            hidden = layer("encoder.layer." + i, hidden, keyBias);
        }
        String pooled = meanPool(hidden, maskFloat);
        String logits = linear("classifier", pooled);
        graph.node(OnnxExport.LOGITS, "Identity", List.of(logits));
        graph.node(OnnxExport.PROBABILITIES, "Softmax", List.of(logits), intAttribute("axis", -1));
    }

    private String embeddings() {
        String word = graph.node("/embeddings/word/Gather", "Gather",
                List.of(weight("embeddings.word_embeddings.weight"), "input_ids"));
        // Positions 0..length-1: the first `length` rows of the table, broadcast over the batch.
        String length = graph.node("/embeddings/Shape", "Shape", List.of("input_ids"),
                intAttribute("start", 1), intAttribute("end", 2));
        String positions = graph.node("/embeddings/position/Slice", "Slice",
                List.of(weight("embeddings.position_embeddings.weight"),
                        graph.int64s("zero", new long[] {1}, 0), length,
                        graph.int64s("axis_zero", new long[] {1}, 0)));
        String types = graph.node("/embeddings/token_type/Gather", "Gather",
                List.of(weight("embeddings.token_type_embeddings.weight"), "token_type_ids"));
        String sum = graph.node("/embeddings/Add", "Add", List.of(word, positions));
        sum = graph.node("/embeddings/Add_1", "Add", List.of(sum, types));
        return layerNorm("embeddings.LayerNorm", sum);
    }

    private String layer(String prefix, String x, String keyBias) {
        String scope = "/" + prefix;
        long heads = config.numHeads();
        long headSize = config.hiddenSize() / heads;
        String split = graph.int64s(prefix + ".heads_shape", new long[] {4}, 0, 0, heads, headSize);
        String self = prefix + ".attention.self";
        String q = heads("/" + self + "/query", linear(self + ".query", x), split, 0, 2, 1, 3);
        String kT = heads("/" + self + "/key", linear(self + ".key", x), split, 0, 2, 3, 1);
        String v = heads("/" + self + "/value", linear(self + ".value", x), split, 0, 2, 1, 3);
        String products = graph.node(scope + "/attention/self/MatMul", "MatMul", List.of(q, kT));
        String scaled = graph.node(scope + "/attention/self/Div", "Div",
                List.of(products, graph.scalar(prefix + ".sqrt_head_size", (float) Math.sqrt(headSize))));
        String masked = graph.node(scope + "/attention/self/Add", "Add", List.of(scaled, keyBias));
        String attention = graph.node(scope + "/attention/self/Softmax", "Softmax", List.of(masked),
                intAttribute("axis", -1));
        String context = graph.node(scope + "/attention/self/MatMul_1", "MatMul", List.of(attention, v));
        context = graph.node(scope + "/attention/self/Transpose", "Transpose", List.of(context),
                intsAttribute("perm", 0, 2, 1, 3));
        context = graph.node(scope + "/attention/self/Reshape", "Reshape", List.of(context,
                graph.int64s(prefix + ".merged_shape", new long[] {3}, 0, 0, config.hiddenSize())));
        String attended = linear(prefix + ".attention.output.dense", context);
        String residual = graph.node(scope + "/attention/output/Add", "Add", List.of(attended, x));
        String afterAttention = layerNorm(prefix + ".attention.output.LayerNorm", residual);

        String expanded = gelu(scope + "/intermediate", linear(prefix + ".intermediate.dense", afterAttention));
        String projected = linear(prefix + ".output.dense", expanded);
        String outResidual = graph.node(scope + "/output/Add", "Add", List.of(projected, afterAttention));
        return layerNorm(prefix + ".output.LayerNorm", outResidual);
    }

    /** {@code (batch, length, hidden)} to {@code (batch, heads, ., .)} in the given axis order. */
    private String heads(String scope, String projected, String split, long... perm) {
        String reshaped = graph.node(scope + "/Reshape", "Reshape", List.of(projected, split));
        return graph.node(scope + "/Transpose", "Transpose", List.of(reshaped), intsAttribute("perm", perm));
    }

    /** Exact (erf) GELU, as PyTorch's default: {@code x * (1 + erf(x / sqrt 2)) / 2}. */
    private String gelu(String scope, String x) {
        String divided = graph.node(scope + "/gelu/Div", "Div",
                List.of(x, graph.scalar(scope + "/gelu/sqrt2", (float) Math.sqrt(2))));
        String erf = graph.node(scope + "/gelu/Erf", "Erf", List.of(divided));
        String plusOne = graph.node(scope + "/gelu/Add", "Add", List.of(erf, "one"));
        String times = graph.node(scope + "/gelu/Mul", "Mul", List.of(x, plusOne));
        return graph.node(scope + "/gelu/Mul_1", "Mul", List.of(times, graph.scalar(scope + "/gelu/half", 0.5f)));
    }

    private String meanPool(String hidden, String maskFloat) {
        String weights = graph.node("/pool/Unsqueeze", "Unsqueeze",
                List.of(maskFloat, graph.int64s("last_axis", new long[] {1}, -1)));
        String weighted = graph.node("/pool/Mul", "Mul", List.of(hidden, weights));
        String sequenceAxis = graph.int64s("sequence_axis", new long[] {1}, 1);
        String sum = graph.node("/pool/ReduceSum", "ReduceSum", List.of(weighted, sequenceAxis),
                intAttribute("keepdims", 0));
        String counts = graph.node("/pool/ReduceSum_1", "ReduceSum", List.of(weights, sequenceAxis),
                intAttribute("keepdims", 0));
        String atLeast = graph.node("/pool/Max", "Max", List.of(counts, graph.scalar("min_tokens", MIN_TOKENS)));
        return graph.node("/pool/Div", "Div", List.of(sum, atLeast));
    }

    private String linear(String prefix, String x) {
        String scope = "/" + prefix;
        Parameter parameter = parameter(prefix + ".weight");
        NDArray array = parameter.getArray();
        long out = array.getShape().get(0);
        long in = array.getShape().get(1);
        float[] stored = transpose(array.toFloatArray(), (int) out, (int) in);
        String w = graph.floats(prefix + ".weight", new long[] {in, out}, stored);
        String product = graph.node(scope + "/MatMul", "MatMul", List.of(x, w));
        return graph.node(scope + "/Add", "Add", List.of(product, weight(prefix + ".bias")));
    }

    private String layerNorm(String prefix, String x) {
        return graph.node("/" + prefix + "/LayerNormalization", "LayerNormalization",
                List.of(x, weight(prefix + ".weight"), weight(prefix + ".bias")),
                intAttribute("axis", -1), floatAttribute("epsilon", config.layerNormEps()));
    }

    /** The parameter as an initializer under its own name, in its own shape. */
    private String weight(String name) {
        NDArray array = parameter(name).getArray();
        return graph.floats(name, array.getShape().getShape(), array.toFloatArray());
    }

    private Parameter parameter(String name) {
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("the classifier has no parameter " + name + " (head: "
                    + ClassifierBlock.HEAD_WEIGHT + ")");
        }
        return parameter;
    }

    private static float[] transpose(float[] rowMajor, int rows, int columns) {
        float[] out = new float[rowMajor.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = rowMajor[r * columns + c];
            }
        }
        return out;
    }
}
