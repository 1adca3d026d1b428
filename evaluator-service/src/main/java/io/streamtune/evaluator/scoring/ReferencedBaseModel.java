package io.streamtune.evaluator.scoring;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModelRef;
import io.streamtune.model.bert.BaseModels;

/**
 * The base model named by a reference, as the trainer names it ({@code all-MiniLM-L6-v2}, {@code tiny},
 * {@code onnx:<path>} …): built the way the trainer builds a task's starting classifier, from the process-wide
 * copy of the base.
 */
public record ReferencedBaseModel(BaseModelRef ref) implements BaseModelFactory {

    @Override
    public String name() {
        return ref.id();
    }

    @Override
    public TextClassifier create(LabelMap labels, ModelOptions options) {
        return BaseModels.newClassifier(ref, labels, options);
    }
}
