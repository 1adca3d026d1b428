package io.streamtune.evaluator.scoring;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base model each task's first candidate is compared with: the one its spec names ({@code baseModel}, with
 * {@code baseModelTokenizer} for an {@code onnx:} export), or the evaluator's configured one when the spec names
 * none. Each reference is resolved once and its base loaded on first use, then shared by every task naming it.
 *
 * <p>Known here: {@code all-MiniLM-L6-v2} and {@code onnx:<path>} + {@code tokenizer:<path>} (with the configured
 * number of attention heads). A reference this evaluator cannot build yields a base whose {@link
 * BaseModelFactory#create} fails with the reason, so the first candidate's baseline is reported as
 * {@code BASE_MODEL_UNAVAILABLE} instead of being judged against another model.
 */
public final class TaskBaseModels {

    private static final String MINILM = "all-MiniLM-L6-v2";
    private static final String ONNX = "onnx:";
    private static final String TOKENIZER = "tokenizer:";

    private final BaseModelFactory configured;
    private final int heads;
    private final Map<String, BaseModelFactory> byReference = new ConcurrentHashMap<>();

    /**
     * @param configured the evaluator's own base ({@code base.model.*} keys), for tasks whose spec names none
     * @param heads      attention heads of an {@code onnx:} export
     */
    public TaskBaseModels(BaseModelFactory configured, int heads) {
        this.configured = configured;
        this.heads = heads;
    }

    /** The base of a task whose spec names {@code baseModel} (null: none) and {@code tokenizer} (null: none). */
    public BaseModelFactory of(String baseModel, String tokenizer) {
        if (baseModel == null || baseModel.equalsIgnoreCase(configured.name())) {
            return configured;
        }
        return byReference.computeIfAbsent(baseModel + "\n" + tokenizer, key -> resolve(baseModel, tokenizer));
    }

    private BaseModelFactory resolve(String baseModel, String tokenizer) {
        if (baseModel.toLowerCase(Locale.ROOT).equals(MINILM.toLowerCase(Locale.ROOT))) {
            return PretrainedBaseModel.allMiniLmL6V2();
        }
        if (baseModel.startsWith(ONNX) && tokenizer != null) {
            Path onnx = Path.of(baseModel.substring(ONNX.length()));
            Path vocabulary = Path.of(tokenizer.startsWith(TOKENIZER) ? tokenizer.substring(TOKENIZER.length())
                    : tokenizer);
            return new PretrainedBaseModel(baseModel, () -> BaseModel.fromFiles(onnx, vocabulary, heads));
        }
        String reason = baseModel.startsWith(ONNX) ? "an onnx: base model needs its tokenizer:<path>"
                : "this evaluator knows " + MINILM + ", " + configured.name() + " and onnx:<path>";
        return new Unknown(baseModel, reason);
    }

    /** A base this evaluator cannot build: naming it is fine, building it fails with the reason. */
    private record Unknown(String name, String reason) implements BaseModelFactory {
        @Override
        public TextClassifier create(LabelMap labels, ModelOptions options) {
            throw new IllegalArgumentException("base model '" + name + "' cannot be built: " + reason);
        }
    }
}
