package io.streamtune.model.bert;

import io.streamtune.model.onnx.OnnxInitializers.Tensor;
import java.util.Map;

/**
 * Shape of a BERT encoder. {@link #inferFrom} reads every size from the weights except the number of attention
 * heads, which no weight records: it defaults to 12, right for all-MiniLM-L6-v2, bge-small-en-v1.5 and
 * e5-small-v2.
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps) {

    public static final int DEFAULT_HEADS = 12;
    public static final float HF_LAYER_NORM_EPS = 1e-12f;

    public BertConfig {
        requirePositive("vocabSize", vocabSize);
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("numLayers", numLayers);
        requirePositive("numHeads", numHeads);
        requirePositive("intermediateSize", intermediateSize);
        requirePositive("maxPositions", maxPositions);
        requirePositive("typeVocabSize", typeVocabSize);
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is not a multiple of numHeads "
                    + numHeads);
        }
    }

    /** A small encoder for tests and quick experiments, with the given vocabulary. */
    public static BertConfig tiny(int vocabSize) {
        return new BertConfig(vocabSize, 32, 2, 4, 64, 512, 2, HF_LAYER_NORM_EPS);
    }

    /** Reads the sizes from Hugging Face-named weights (see {@link BertWeights}). */
    public static BertConfig inferFrom(Map<String, Tensor> weights, int numHeads) {
        long[] word = shapeOf(weights, "embeddings.word_embeddings.weight");
        long[] position = shapeOf(weights, "embeddings.position_embeddings.weight");
        long[] type = shapeOf(weights, "embeddings.token_type_embeddings.weight");
        long[] intermediate = shapeOf(weights, "encoder.layer.0.intermediate.dense.weight");
        int layers = 0;
        while (weights.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        return new BertConfig((int) word[0], (int) word[1], layers, numHeads, (int) intermediate[0],
                (int) position[0], (int) type[0], HF_LAYER_NORM_EPS);
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    private static long[] shapeOf(Map<String, Tensor> weights, String name) {
        Tensor tensor = weights.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("weight " + name + " not found: not a BERT-family model");
        }
        return tensor.shape();
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
