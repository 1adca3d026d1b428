package io.streamtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.testkit.KeywordTexts;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A small encoder with the real MiniLM tokenizer, and a small two-class task it can learn in a few steps. */
public final class TinyModels {

    public static final LabelMap LABELS = LabelMap.of("ham", "spam");
    private static final byte[] TOKENIZER = BaseModel.readResource(BaseModel.MINILM_TOKENIZER);

    private TinyModels() {}

    public static TextClassifier classifier(float dropout, int seed) {
        return TextClassifier.randomlyInitialized(BertConfig.tiny(30522), TOKENIZER, LABELS,
                new ModelOptions(32, dropout, "cpu", seed));
    }

    /**
     * A tiny classifier with weights of order 1 (LayerNorm gains near 1): Hugging Face's 0.02 initialisation gives
     * near-uniform probabilities that a wrong graph could still match to 1e-4; here every operator (GELU,
     * LayerNorm, mask, pooling) moves the answer.
     */
    public static TextClassifier withLargeWeights(int seed) {
        TextClassifier classifier = classifier(0.1f, seed);
        Random random = new Random(seed);
        for (Map.Entry<String, Parameter> entry : classifier.parameters().entrySet()) {
            NDArray array = entry.getValue().getArray();
            float[] values = new float[Math.toIntExact(array.size())];
            boolean gain = entry.getKey().endsWith("LayerNorm.weight");
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (gain ? 1 + 0.3 * random.nextGaussian() : 0.5 * random.nextGaussian());
            }
            array.set(FloatBuffer.wrap(values));
        }
        return classifier;
    }

    /** A copy of every parameter's values, by name. */
    public static Map<String, float[]> values(Map<String, Parameter> parameters) {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> out.put(name, parameter.getArray().toFloatArray()));
        return out;
    }

    /** Texts whose label is given by which vocabulary their keywords come from, with random filler words. */
    public static List<LabeledText> examples(int count, long seed) {
        Random random = new Random(seed);
        List<LabeledText> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KeywordTexts.Text text = KeywordTexts.DEFAULT.sentence(random);
            out.add(new LabeledText(text.text(), text.label()));
        }
        return out;
    }
}
