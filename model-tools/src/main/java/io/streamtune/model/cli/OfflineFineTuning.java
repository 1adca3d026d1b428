package io.streamtune.model.cli;

import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.data.Dataset;
import io.streamtune.model.train.Evaluation;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.model.train.FitProgress;
import io.streamtune.model.train.FitResult;
import java.io.IOException;
import java.util.Map;

/**
 * One offline fine-tuning run: fresh classifier on the base model, {@link FineTuner#fit} on the train part with
 * early stopping on the validation part, then the held-out test evaluation. The reference that streaming
 * training is compared with.
 */
public final class OfflineFineTuning {

    /** What a run produced. */
    public record Report(FineTuneConfig config, ModelOptions options, FitResult fit, Evaluation test,
            double seconds, String checkpointId) {}

    private OfflineFineTuning() {}

    /**
     * @param store where to save the final model, or null for none
     */
    public static Report run(BaseModel base, Dataset dataset, FineTuneConfig config, ModelOptions options,
            FitProgress listener, CheckpointStore store) throws IOException {
        long started = System.nanoTime();
        try (TextClassifier classifier = TextClassifier.fromPretrained(base, dataset.labels(), options);
                FineTuner tuner = new FineTuner(classifier, config)) {
            FitResult fit = tuner.fit(dataset.train(), dataset.validation(), listener);
            Evaluation test = tuner.evaluate(dataset.test());
            String checkpointId = null;
            if (store != null) {
                checkpointId = dataset.name() + "/" + config.mode().id() + "-step-" + tuner.step();
                CheckpointMetadata metadata = Checkpoints.save(store, checkpointId, tuner, base.name(), Map.of(
                        "dataset", dataset.name(), "testAccuracy", Double.toString(test.accuracy()),
                        "testMacroF1", Double.toString(test.macroF1())));
                checkpointId = metadata.id();
            }
            return new Report(config, options, fit, test, (System.nanoTime() - started) / 1e9, checkpointId);
        }
    }
}
