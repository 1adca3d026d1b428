package io.streamtune.model;

import ai.djl.nn.Parameter;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A small encoder with the real MiniLM tokenizer, and a small two-class task it can learn in a few steps. */
public final class TinyModels {

    public static final LabelMap LABELS = LabelMap.of("ham", "spam");
    private static final byte[] TOKENIZER = BaseModel.readResource(BaseModel.MINILM_TOKENIZER);
    private static final String[] SPAM = {"win", "free", "prize", "cash", "offer", "cheap", "viagra", "lottery"};
    private static final String[] HAM = {"meeting", "agenda", "report", "lunch", "review", "schedule", "notes",
        "project"};
    private static final String[] FILLER = {"the", "a", "for", "today", "please", "now", "our", "your", "and"};

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
            boolean spam = random.nextBoolean();
            String[] keywords = spam ? SPAM : HAM;
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                String word = w % 2 == 0 ? keywords[random.nextInt(keywords.length)]
                        : FILLER[random.nextInt(FILLER.length)];
                text.append(word).append(' ');
            }
            out.add(new LabeledText(text.toString().trim(), spam ? "spam" : "ham"));
        }
        return out;
    }
}
