package io.streamtune.serving.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TextTokenizer;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.data.Dataset;
import io.streamtune.model.data.SpamAssassin;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.model.train.FitProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * all-MiniLM-L6-v2 with a head trained a little on real emails, saved as a checkpoint, exported to ONNX and run by
 * ONNX Runtime: the same probabilities as the DJL classifier, for batches of 1 to 32 emails of up to 128 tokens in
 * one session.
 */
class OnnxScorerSpamAssassinIT {

    private static final int MAX_LENGTH = 128;

    @TempDir
    Path checkpoints;

    @Test
    void shouldScoreRealEmailsAsTheDjlClassifierDoesForEveryBatchSizeAndLength() throws Exception {
        Dataset data = SpamAssassin.load(SpamAssassin.defaultCacheDir()).limit(48, 64);
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints);
        FineTuneConfig config = FineTuneConfig.builder().learningRate(1e-4).batchSize(16).epochs(1).patience(0)
                .seed(1).build();
        try (TextClassifier classifier = TextClassifier.fromPretrained(BaseModel.allMiniLmL6V2(), data.labels(),
                new ModelOptions(MAX_LENGTH, 0.1f, "cpu", 1));
                FineTuner tuner = new FineTuner(classifier, config)) {
            tuner.fit(data.train(), List.of(), FitProgress.NONE);
            Checkpoints.save(store, "spam/onnx-it", tuner, "all-MiniLM-L6-v2", Map.of());
        }
        List<String> emails = data.test().stream().map(LabeledText::text).toList();
        // Whole emails fill the 128 tokens; their first lines and two short texts give shorter batches.
        List<String> openings = emails.subList(40, 48).stream().map(e -> e.substring(0, Math.min(160, e.length())))
                .toList();
        List<List<String>> batches = List.of(emails.subList(0, 1), emails.subList(1, 8), emails.subList(8, 40),
                openings, List.of("Win cash now", "ok"));

        List<float[]> expected = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        try (TextClassifier reloaded = Checkpoints.loadClassifier(store, "spam/onnx-it", "cpu");
                TextTokenizer tokenizer = new TextTokenizer(reloaded.tokenizerJson(), MAX_LENGTH)) {
            for (List<String> batch : batches) {
                expected.addAll(reloaded.predictProbabilities(batch, batch.size()));
                lengths.add(tokenizer.encode(batch).length());
            }
        }
        List<float[]> actual = new ArrayList<>();
        try (OnnxScorer scorer = OnnxScorer.fromCheckpoint(store, "spam/onnx-it", 2)) {
            assertThat(scorer.labels()).containsExactly("ham", "spam");
            for (List<String> batch : batches) {
                actual.addAll(scorer.probabilities(batch));
            }
        }

        assertThat(actual).hasSameSizeAs(expected);
        double maxDiff = 0;
        for (int i = 0; i < expected.size(); i++) {
            for (int c = 0; c < 2; c++) {
                assertThat(actual.get(i)[c]).isCloseTo(expected.get(i)[c], within(1e-4f));
                maxDiff = Math.max(maxDiff, Math.abs(actual.get(i)[c] - expected.get(i)[c]));
            }
        }
        assertThat(lengths).as("tokens per batch").contains(MAX_LENGTH);
        assertThat(lengths.stream().distinct().count()).as("distinct lengths in %s", lengths).isGreaterThanOrEqualTo(3);
        System.out.printf("ONNX Runtime vs DJL on %d real emails (batches %s, lengths %s): max |diff| %.3g%n",
                expected.size(), batches.stream().map(List::size).toList(), lengths, maxDiff);
    }
}
