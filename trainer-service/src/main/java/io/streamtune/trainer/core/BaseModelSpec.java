package io.streamtune.trainer.core;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import java.util.Arrays;
import java.util.Locale;

/**
 * The pre-trained model a task starts from when it has no checkpoint yet. The checkpoints themselves are
 * self-contained, so this only matters for a task's first shard.
 */
public enum BaseModelSpec {
    /** all-MiniLM-L6-v2 (6 layers, 384 wide) from its ONNX export on the class path. */
    MINILM("all-MiniLM-L6-v2"),
    /**
     * A 2-layer, 32-wide encoder with MiniLM's tokenizer, randomly initialised from the seed: deterministic and
     * fast, for tests and demos on small machines.
     */
    TINY("tiny");

    private final String id;

    BaseModelSpec(String id) {
        this.id = id;
    }

    /** Name written into checkpoints and events. */
    public String id() {
        return id;
    }

    public static String[] ids() {
        return Arrays.stream(values()).map(BaseModelSpec::id).toArray(String[]::new);
    }

    public static BaseModelSpec parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(spec -> spec.id.toLowerCase(Locale.ROOT).equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown base model '" + value + "', expected one of "
                        + String.join(", ", ids())));
    }

    /** A fresh classifier on this base with a new head for {@code labels}. */
    public TextClassifier newClassifier(LabelMap labels, ModelOptions options) {
        return switch (this) {
            case MINILM -> TextClassifier.fromPretrained(BaseModel.allMiniLmL6V2(), labels, options);
            case TINY -> TextClassifier.randomlyInitialized(BertConfig.tiny(30522),
                    BaseModel.readResource(BaseModel.MINILM_TOKENIZER), labels, options);
        };
    }
}
