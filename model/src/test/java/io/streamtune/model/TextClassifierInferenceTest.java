package io.streamtune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import io.streamtune.model.internals.LibTorch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How the classifier scores: without an autograd graph on any thread, in batches of similar length, in order. */
class TextClassifierInferenceTest {

    private static final String SHORT = "win cash";
    private static final String LONG = "please find the quarterly report attached and tell me what you think about"
            + " the numbers before the meeting on thursday morning";

    @Test
    void shouldScoreWithGradModeOffOnAThreadWhereItIsOn() throws Exception {
        List<String> texts = List.of(SHORT, LONG, SHORT);
        try (TextClassifier classifier = TinyModels.classifier(0f, 3)) {
            // A fresh thread: libtorch starts it with grad mode on, as on the evaluator's loop thread.
            boolean[] seen = CompletableFuture.supplyAsync(() -> {
                boolean before = LibTorch.gradModeEnabled();
                List<Boolean> during = new ArrayList<>();
                classifier.rowsInBatches(texts, 2, 1, (scope, inputs) -> {
                    during.add(LibTorch.gradModeEnabled());
                    return inputs.get(1).toType(DataType.FLOAT32, false).sum(new int[] {1});
                });
                return new boolean[] {before, during.contains(true), LibTorch.gradModeEnabled()};
            }, runnable -> new Thread(runnable, "scoring-thread").start()).get();

            assertThat(seen).as("grad mode before, on during any batch, after").containsExactly(true, false, true);
        }
    }

    @Test
    void shouldPadEachBatchOnlyToItsLongestTextAndAnswerInTheTextsOrder() {
        List<String> texts = List.of(LONG, SHORT, LONG + " again", SHORT + " now", SHORT);
        try (TextClassifier classifier = TinyModels.classifier(0f, 3)) {
            List<Long> widths = new ArrayList<>();
            List<float[]> realTokens = classifier.rowsInBatches(texts, 2, 1, (scope, inputs) -> {
                widths.add(inputs.get(0).getShape().get(1));
                return inputs.get(1).toType(DataType.FLOAT32, false).sum(new int[] {1});
            });

            // SHORT is [CLS] win cash [SEP] (4 tokens), "... now" 5, LONG 23, "... again" 24. Sorted: 4, 4 | 5, 23 |
            // 24, where batches in the texts' order would all be padded to 23 or 24.
            assertThat(realTokens).extracting(row -> row[0]).containsExactly(23f, 4f, 24f, 5f, 4f);
            assertThat(widths).containsExactly(4L, 23L, 24L);
        }
    }

    @Test
    void shouldGiveEachTextTheProbabilitiesItGetsAloneWhateverItsBatch() {
        List<String> texts = new ArrayList<>();
        for (LabeledText example : TinyModels.examples(12, 5)) {
            texts.add(example.text());
            texts.add(example.text().substring(0, example.text().length() / 3));
        }
        try (TextClassifier classifier = TinyModels.withLargeWeights(4)) {
            List<float[]> batched = classifier.predictProbabilities(texts, 5);

            assertThat(batched).hasSameSizeAs(texts);
            for (int i = 0; i < texts.size(); i++) {
                float[] alone = classifier.predictProbabilities(List.of(texts.get(i)), 1).get(0);
                for (int c = 0; c < alone.length; c++) {
                    assertThat(batched.get(i)[c]).as("text %d class %d", i, c).isCloseTo(alone[c], within(1e-5f));
                }
            }
        }
    }

    @Test
    void shouldAnswerNothingForNoTexts() {
        try (TextClassifier classifier = TinyModels.classifier(0f, 3)) {
            assertThat(classifier.predictProbabilities(List.of(), 32)).isEmpty();
        }
    }
}
