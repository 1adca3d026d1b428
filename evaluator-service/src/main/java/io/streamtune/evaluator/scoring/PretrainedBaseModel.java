package io.streamtune.evaluator.scoring;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import java.util.function.Supplier;

/**
 * The pre-trained encoder read from its ONNX export, loaded on first use and kept: parsing the export takes
 * seconds, while the champion is rebuilt whenever the validation set changes.
 */
public final class PretrainedBaseModel implements BaseModelFactory {

    private final String name;
    private final Supplier<BaseModel> loader;
    private BaseModel loaded;

    public PretrainedBaseModel(String name, Supplier<BaseModel> loader) {
        this.name = name;
        this.loader = loader;
    }

    /** all-MiniLM-L6-v2 from the class path, the pipeline's default base. */
    public static PretrainedBaseModel allMiniLmL6V2() {
        return new PretrainedBaseModel("all-MiniLM-L6-v2", BaseModel::allMiniLmL6V2);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized TextClassifier create(LabelMap labels, ModelOptions options) {
        if (loaded == null) {
            loaded = loader.get();
        }
        return TextClassifier.fromPretrained(loaded, labels, options);
    }
}
