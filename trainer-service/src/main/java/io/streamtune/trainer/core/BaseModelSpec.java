package io.streamtune.trainer.core;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModelRef;
import io.streamtune.model.bert.BaseModels;

/**
 * The pre-trained model a task starts from when it has no checkpoint yet: any {@link BaseModelRef} (a built-in
 * name, {@code tiny}, or {@code onnx:<path>} with {@code tokenizer:<path>}). The checkpoints themselves are
 * self-contained, so this only matters for a task's first shard. The base is loaded once per process and shared.
 */
public record BaseModelSpec(BaseModelRef ref) {

    /** all-MiniLM-L6-v2 (6 layers, 384 wide) from its ONNX export on the class path. */
    public static final BaseModelSpec MINILM = new BaseModelSpec(BaseModelRef.DEFAULT);
    /**
     * A 2-layer, 32-wide encoder with MiniLM's tokenizer, randomly initialised from the seed: deterministic and
     * fast, for tests and demos on small machines.
     */
    public static final BaseModelSpec TINY = new BaseModelSpec(BaseModelRef.parse(BaseModelRef.TINY));

    /** Name written into checkpoints and events: the reference itself, e.g. {@code bge-small-en-v1.5}. */
    public String id() {
        return ref.id();
    }

    /** The names accepted besides {@code onnx:} references. */
    public static String[] ids() {
        return BaseModelRef.names();
    }

    /** A built-in name or {@code tiny}; see {@link #parse(String, String)} for {@code onnx:} references. */
    public static BaseModelSpec parse(String value) {
        return parse(value, null);
    }

    /**
     * A reference as a task spec writes it ({@code baseModel}, {@code baseModelTokenizer}).
     *
     * @throws io.streamtune.model.bert.InvalidBaseModelException naming what is missing or unknown
     */
    public static BaseModelSpec parse(String baseModel, String tokenizer) {
        return new BaseModelSpec(BaseModelRef.parse(baseModel, tokenizer));
    }

    /** A fresh classifier on this base with a new head for {@code labels}. */
    public TextClassifier newClassifier(LabelMap labels, ModelOptions options) {
        return BaseModels.newClassifier(ref, labels, options);
    }
}
