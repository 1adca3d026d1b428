package io.streamtune.model.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.onnx.OnnxInitializers;
import io.streamtune.model.onnx.OnnxInitializers.Node;
import io.streamtune.model.onnx.OnnxInitializers.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What a base model must satisfy before the encoder can be built from it: the graph is a plain float32 BERT
 * export, every encoder weight is there with its shape, and the tokenizer's vocabulary fits the embeddings.
 * Each refusal names the piece that is missing or unsupported.
 */
final class BaseModelCheck {

    /** Operators of int8 exports: such weights are not float32 initializers, so not a fine-tuning base. */
    private static final Set<String> QUANTIZED_OPS = Set.of("MatMulInteger", "QLinearMatMul", "DynamicQuantizeLinear",
            "QuantizeLinear", "DequantizeLinear", "QAttention", "DynamicQuantizeMatMul");
    /** ONNX Runtime's fused operators: an optimized graph keeps weights under names the encoder cannot map. */
    private static final Set<String> FUSED_OPS = Set.of("Attention", "MultiHeadAttention", "EmbedLayerNormalization",
            "SkipLayerNormalization", "FastGelu", "BiasGelu");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BaseModelCheck() {}

    /** Refuses quantized and runtime-optimized graphs, and activations other than erf GELU. */
    static void checkOperators(String source, OnnxInitializers onnx) {
        boolean exactGelu = false;
        for (Node node : onnx.nodes()) {
            String op = node.opType();
            if (QUANTIZED_OPS.contains(op)) {
                throw new InvalidBaseModelException(source + " is quantized (operator " + op + "): not a "
                        + "fine-tuning base, use the float32 export");
            }
            if (FUSED_OPS.contains(op)) {
                throw new InvalidBaseModelException(source + " uses the fused operator " + op + " (an ONNX "
                        + "Runtime-optimized graph), which is not supported: export the model without optimization");
            }
            exactGelu |= op.equals("Erf") || op.equals("Gelu");
        }
        if (!exactGelu) {
            throw new InvalidBaseModelException(source + " has no Erf or Gelu operator: the encoder supports BERT's "
                    + "exact (erf) GELU only");
        }
    }

    /** Refuses a model that lacks an encoder weight or has one of the wrong shape. */
    static void checkWeights(String source, Map<String, Tensor> weights, BertConfig config) {
        for (Map.Entry<String, long[]> expected : BertWeights.expectedShapes(config).entrySet()) {
            Tensor tensor = weights.get(expected.getKey());
            if (tensor == null) {
                throw new InvalidBaseModelException(source + " has no weight " + expected.getKey()
                        + ": not a BERT-family export with Hugging Face names");
            }
            if (!Arrays.equals(tensor.shape(), expected.getValue())) {
                throw new InvalidBaseModelException(source + ": weight " + expected.getKey() + " has shape "
                        + Arrays.toString(tensor.shape()) + ", a BERT of this size needs "
                        + Arrays.toString(expected.getValue()));
            }
        }
    }

    /** Refuses a tokenizer whose vocabulary is not the size of the word embeddings. */
    static void checkVocabulary(String tokenizerSource, byte[] tokenizerJson, BertConfig config) {
        int size = vocabularySize(tokenizerSource, tokenizerJson);
        if (size != config.vocabSize()) {
            throw new InvalidBaseModelException("vocabulary mismatch: tokenizer " + tokenizerSource + " has "
                    + size + " tokens but the model's word embeddings have " + config.vocabSize()
                    + " rows: use the tokenizer.json exported with the model");
        }
    }

    /** One more than the largest token id of {@code model.vocab} and {@code added_tokens}. */
    static int vocabularySize(String tokenizerSource, byte[] tokenizerJson) {
        JsonNode root;
        try {
            root = JSON.readTree(tokenizerJson);
        } catch (IOException e) {
            throw new InvalidBaseModelException("tokenizer " + tokenizerSource + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode vocab = root == null ? null : root.path("model").get("vocab");
        if (vocab == null || !(vocab.isObject() || vocab.isArray()) || vocab.isEmpty()) {
            throw new InvalidBaseModelException("tokenizer " + tokenizerSource + " has no model.vocab: not a "
                    + "Hugging Face tokenizer.json");
        }
        // WordPiece and BPE map token -> id; Unigram lists [token, score] pairs whose index is the id.
        long size = vocab.size();
        if (vocab.isObject()) {
            for (Iterator<JsonNode> ids = vocab.elements(); ids.hasNext(); ) {
                size = Math.max(size, ids.next().asLong() + 1);
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            size = Math.max(size, added.path("id").asLong() + 1);
        }
        return Math.toIntExact(size);
    }
}
