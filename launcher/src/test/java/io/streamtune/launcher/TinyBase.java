package io.streamtune.launcher;

import io.streamtune.evaluator.scoring.BaseModelFactory;
import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.trainer.core.BaseModelSpec;

/** The evaluator's first champion in pipeline tests: the trainer's tiny base model, as the trainer starts from it. */
public final class TinyBase implements BaseModelFactory {

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public TextClassifier create(LabelMap labels, ModelOptions options) {
        return BaseModelSpec.TINY.newClassifier(labels, options);
    }
}
