package io.streamtune.evaluator.metrics;

import java.util.List;
import java.util.Objects;

/**
 * What one model said about each example of one validation slice, in the slice's order: the true class and the
 * predicted probabilities per class. Paired tests (candidate against champion on the same examples) and drift
 * signals (the champion's confidence) read these; {@link MetricsCalculator} turns them into metrics.
 *
 * @param labels        label names; index i is class i
 * @param truth         true class index per example
 * @param probabilities one row per example, one column per class
 */
public record Predictions(List<String> labels, int[] truth, float[][] probabilities) {

    public Predictions {
        labels = List.copyOf(labels);
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(probabilities, "probabilities");
        if (truth.length != probabilities.length) {
            throw new IllegalArgumentException("Got " + truth.length + " labels but " + probabilities.length
                    + " predictions");
        }
    }

    /** Number of examples. */
    public int size() {
        return truth.length;
    }

    /** The class with the highest probability for example {@code i} (the first on a tie). */
    public int predicted(int i) {
        float[] row = probabilities[i];
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Whether example {@code i} was classified correctly. */
    public boolean correct(int i) {
        return predicted(i) == truth[i];
    }

    /** The probability of the predicted class for example {@code i}: the model's confidence. */
    public double confidence(int i) {
        return probabilities[i][predicted(i)];
    }

    /** The probability given to the true class of example {@code i}. */
    public double probabilityOfTruth(int i) {
        return probabilities[i][truth[i]];
    }

    /** The metrics of these predictions. */
    public io.streamtune.schemas.Metrics metrics() {
        return MetricsCalculator.compute(labels, truth, probabilities);
    }
}
