package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.evaluator.scoring.Scoring;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Predictions and scores built to order, for gate tests: two classes, every other example spam. */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * Predictions on {@code n} examples (true class alternating ham, spam) that are wrong exactly on
     * {@code wrong}, with probability {@code confidence} on the predicted class.
     */
    static Predictions predictions(int n, double confidence, int... wrong) {
        int[] truth = new int[n];
        float[][] probabilities = new float[n][];
        Set<Integer> misses = Arrays.stream(wrong).boxed().collect(Collectors.toSet());
        for (int i = 0; i < n; i++) {
            truth[i] = i % 2;
            boolean miss = misses.contains(i);
            int predicted = miss ? 1 - truth[i] : truth[i];
            float[] row = new float[2];
            row[predicted] = (float) confidence;
            row[1 - predicted] = (float) (1 - confidence);
            probabilities[i] = row;
        }
        return new Predictions(List.of("ham", "spam"), truth, probabilities);
    }

    /** The examples {@code from, from + 1, ..., from + count - 1}, to mark as wrong. */
    static int[] range(int from, int count) {
        return IntStream.range(from, from + count).toArray();
    }

    /** A model scored on both slices. */
    static Scoring scored(String version, Predictions recent, Predictions anchor) {
        return new Scoring(new ScoredModel.Scored(version, recent.metrics(), recent),
                anchor == null ? null : anchor.metrics(), anchor);
    }

    /** A model scored on the recent slice alone (the anchor slice is empty). */
    static Scoring scored(String version, Predictions recent) {
        return scored(version, recent, null);
    }
}
