package io.streamtune.launcher.demo;

import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.train.Evaluation;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.model.train.LinearProbe;
import java.io.IOException;
import java.util.List;

/**
 * Scores models on the held-out test part, which never entered the stream: the champion the pipeline promoted,
 * and the base model with a feature-extraction head (frozen pre-trained encoder, only a linear head trained) fitted
 * on the same training examples the champion was trained on: what one gets without fine-tuning the encoder.
 */
public final class HeldOut {

    private static final int EMBEDDING_BATCH = 32;
    /** Full-batch steps: the probe's loss has flattened well before this on SpamAssassin embeddings. */
    private static final int PROBE_STEPS = 500;
    private static final double PROBE_LEARNING_RATE = 1e-2;
    private static final double PROBE_WEIGHT_DECAY = 1e-4;

    private final List<LabeledText> test;
    private final String device;

    public HeldOut(List<LabeledText> test, String device) {
        this.test = List.copyOf(test);
        this.device = device;
    }

    /**
     * The champion checkpoint at {@code location} in {@code store}; one store serves every checkpoint of a run, and
     * only the checkpoint's classifier is loaded per call.
     */
    public RunRecord.HeldOutScore champion(CheckpointStore store, String location, String version)
            throws IOException {
        try (TextClassifier classifier = Checkpoints.loadClassifier(store, location, device);
                FineTuner tuner = new FineTuner(classifier, FineTuneConfig.builder().build())) {
            return score("champion " + version, tuner.evaluate(test));
        }
    }

    /**
     * The base model with a linear probe: the frozen pre-trained encoder's sentence embeddings of {@code train},
     * computed once, and a linear head fitted on them (feature extraction without re-running the encoder every
     * epoch, which on a CPU costs more than the whole head).
     *
     * @param maxLength tokens per text, as the pipeline's trainer used
     */
    public RunRecord.HeldOutScore baseWithLinearProbe(List<LabeledText> train, LabelMap labels, int maxLength,
            int seed) {
        List<float[]> trainFeatures;
        List<float[]> testFeatures;
        try (TextClassifier base = TextClassifier.fromPretrained(BaseModel.allMiniLmL6V2(), labels,
                new ModelOptions(maxLength, 0f, device, seed))) {
            trainFeatures = base.embeddings(train.stream().map(LabeledText::text).toList(), EMBEDDING_BATCH);
            testFeatures = base.embeddings(test.stream().map(LabeledText::text).toList(), EMBEDDING_BATCH);
        }
        LinearProbe probe = LinearProbe.fit(labels, trainFeatures, train.stream().map(LabeledText::label).toList(),
                PROBE_STEPS, PROBE_LEARNING_RATE, PROBE_WEIGHT_DECAY);
        return score("base model + linear probe (frozen encoder; head fitted on the champion's " + train.size()
                + " emails)", probe.evaluate(testFeatures, test.stream().map(LabeledText::label).toList()));
    }

    private RunRecord.HeldOutScore score(String model, Evaluation evaluation) {
        return new RunRecord.HeldOutScore(model, evaluation.count(), evaluation.accuracy(), evaluation.macroF1());
    }
}
