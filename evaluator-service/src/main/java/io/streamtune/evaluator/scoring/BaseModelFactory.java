package io.streamtune.evaluator.scoring;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;

/**
 * Builds the initial champion of a task: the pre-trained encoder with a classification head for the task's labels.
 *
 * <p>The base model is a feature extractor without a head, so on its own it predicts nothing. Its champion form is
 * the classifier fine-tuning starts from: the pre-trained encoder plus a head initialised from the candidate's own
 * seed ({@link ModelOptions#seed()}), i.e. the model before any training step. A first candidate is thereby asked
 * to beat what it started from, which it does exactly when training taught it something.
 */
public interface BaseModelFactory {

    /** Name of the base model, for reasons and logs, e.g. {@code all-MiniLM-L6-v2}. */
    String name();

    /** A new classifier; the caller closes it. */
    TextClassifier create(LabelMap labels, ModelOptions options);
}
