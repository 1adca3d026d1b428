package io.streamtune.model;

import ai.djl.nn.Parameter;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.testkit.KeywordTexts;
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
