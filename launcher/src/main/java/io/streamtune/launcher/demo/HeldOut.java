package io.streamtune.launcher.demo;

import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.train.Evaluation;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.model.train.TrainingListener;
import io.streamtune.model.train.TrainingMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores models on the held-out test part, which never entered the stream: the champion the pipeline promoted,
 * and the base model with a feature-extraction head (frozen pre-trained encoder, only a linear head trained) fitted
 * on the same training examples the champion was trained on — what one would get without fine-tuning the encoder.
 */
public final class HeldOut {

    private final List<LabeledText> test;
    private final String device;

    public HeldOut(List<LabeledText> test, String device) {
        this.test = List.copyOf(test);
        this.device = device;
    }

    /** The champion checkpoint at {@code location} in the store at {@code checkpointDir}. */
    public RunRecord.HeldOutScore champion(Path checkpointDir, String location, String version) throws IOException {
        try (TextClassifier classifier = Checkpoints.loadClassifier(new DirectoryCheckpointStore(checkpointDir),
                location, device); FineTuner tuner = new FineTuner(classifier, FineTuneConfig.builder().build())) {
            return score("champion " + version, tuner.evaluate(test));
        }
    }

    /**
     * The base model with a head trained by feature extraction.
     *
     * @param train      the examples to fit the head on
     * @param validation for early stopping of the head's epochs
     * @param epochs     head training epochs
     * @param maxLength  tokens per text, as the pipeline's trainer used
     */
    public RunRecord.HeldOutScore baseWithFeatureExtractionHead(List<LabeledText> train, List<LabeledText> validation,
            LabelMap labels, int epochs, int maxLength, int seed, TrainingListener listener) {
        FineTuneConfig config = FineTuneConfig.builder().mode(TrainingMode.FEATURE_EXTRACTION)
                // A linear head on frozen features needs a far larger rate than fine-tuning the encoder.
                .learningRate(1e-2).epochs(epochs).batchSize(32).seed(seed).build();
        try (TextClassifier classifier = TextClassifier.fromPretrained(BaseModel.allMiniLmL6V2(), labels,
                new ModelOptions(maxLength, 0.1f, device, seed)); FineTuner tuner = new FineTuner(classifier, config)) {
            tuner.fit(train, validation, listener);
            return score("base model, feature-extraction head (" + train.size() + " examples, " + epochs
                    + " epochs)", tuner.evaluate(test));
        }
    }

    private RunRecord.HeldOutScore score(String model, Evaluation evaluation) {
        return new RunRecord.HeldOutScore(model, evaluation.count(), evaluation.accuracy(), evaluation.macroF1());
    }
}
