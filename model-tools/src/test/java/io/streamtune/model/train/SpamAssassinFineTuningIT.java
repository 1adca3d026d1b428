package io.streamtune.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.data.Dataset;
import io.streamtune.model.data.SpamAssassin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real base model fine-tuned on a few hundred real emails: it learns, and its checkpoint reloads exactly. */
class SpamAssassinFineTuningIT {

    @TempDir
    Path checkpoints;

    @Test
    void shouldLearnSpamFromAFewHundredRealEmailsAndReloadFromItsCheckpoint() throws IOException {
        Dataset data = SpamAssassin.load(SpamAssassin.defaultCacheDir()).limit(192, 96);
        assertThat(data.train()).extracting(LabeledText::label).contains("ham", "spam");
        FineTuneConfig config = FineTuneConfig.builder().learningRate(1.5e-4).batchSize(16).epochs(2).patience(0)
                .seed(1).build();
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints);
        List<String> probe = data.test().subList(0, 8).stream().map(LabeledText::text).toList();
        List<float[]> expected;
        try (TextClassifier classifier = TextClassifier.fromPretrained(BaseModel.allMiniLmL6V2(), data.labels(),
                new ModelOptions(64, 0.1f, "cpu", 1));
                FineTuner tuner = new FineTuner(classifier, config)) {
            Evaluation before = tuner.evaluate(data.test());
            FitResult fit = tuner.fit(data.train(), List.of(), FitProgress.NONE);
            Evaluation after = tuner.evaluate(data.test());
            System.out.printf("MiniLM full fine-tuning on %d emails: test before %s, after %s, %.1f ex/s%n",
                    data.train().size(), before, after, fit.examplesPerSecond());

            assertThat(fit.steps()).isEqualTo(24);
            assertThat(after.loss()).isLessThan(before.loss());
            assertThat(after.accuracy()).isGreaterThan(0.85);
            assertThat(after.macroF1()).isGreaterThan(0.8);
            Checkpoints.save(store, "spam/it", tuner, "all-MiniLM-L6-v2", Map.of());
            expected = classifier.predictProbabilities(probe, 8);
        }
        try (TextClassifier reloaded = Checkpoints.loadClassifier(store, "spam/it", "cpu")) {
            List<float[]> actual = reloaded.predictProbabilities(probe, 8);
            for (int i = 0; i < probe.size(); i++) {
                for (int c = 0; c < 2; c++) {
                    assertThat(actual.get(i)[c]).isCloseTo(expected.get(i)[c], within(1e-6f));
                }
            }
        }
    }
}
