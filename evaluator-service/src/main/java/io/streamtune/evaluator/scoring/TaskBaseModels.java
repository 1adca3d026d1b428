package io.streamtune.evaluator.scoring;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModelRef;
import io.streamtune.model.bert.InvalidBaseModelException;

/**
 * The base model each task's first candidate is compared with: the one its spec names ({@code baseModel}, with
 * {@code baseModelTokenizer} for an {@code onnx:} export), or the evaluator's configured one when the spec names
 * none or the same. A named base is built as the trainer builds a task's starting classifier
 * ({@link ReferencedBaseModel}), from the process-wide copy of that base, shared by every task naming it.
 *
 * <p>A reference that does not parse yields a base whose {@link BaseModelFactory#create} fails with the reason, so
 * the first candidate's baseline is reported as {@code BASE_MODEL_UNAVAILABLE} instead of being judged against
 * another model.
 */
public final class TaskBaseModels {

    private final BaseModelFactory configured;

    /** @param configured the evaluator's own base ({@code base.model*} keys), for tasks whose spec names none */
    public TaskBaseModels(BaseModelFactory configured) {
        this.configured = configured;
    }

    /** The base of a task whose spec names {@code baseModel} (null: none) and {@code tokenizer} (null: none). */
    public BaseModelFactory of(String baseModel, String tokenizer) {
        if (baseModel == null || baseModel.equals(configured.name())) {
            return configured;
        }
        BaseModelRef ref;
        try {
            ref = BaseModelRef.parse(baseModel, tokenizer);
        } catch (InvalidBaseModelException e) {
            return new Unbuildable(baseModel, e.getMessage());
        }
        return ref.id().equals(configured.name()) ? configured : new ReferencedBaseModel(ref);
    }

    /** A base this evaluator cannot build: naming it is fine, building it fails with the reason. */
    private record Unbuildable(String name, String reason) implements BaseModelFactory {
        @Override
        public TextClassifier create(LabelMap labels, ModelOptions options) {
            throw new IllegalArgumentException("base model '" + name + "' cannot be built: " + reason);
        }
    }
}
