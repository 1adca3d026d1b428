package io.streamtune.model.train;

import io.streamtune.model.LabelMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification quality on a set of examples.
 *
 * @param loss mean cross-entropy
 * @param f1ByLabel per-label F1 (0 for a label that is neither present nor predicted)
 */
public record Evaluation(int count, double accuracy, double macroF1, double loss, Map<String, Double> f1ByLabel) {

    public Evaluation {
        f1ByLabel = Map.copyOf(f1ByLabel);
    }

    /**
     * Scores class probabilities (one row per example) against the labels: the prediction is each row's most
     * probable class, the loss the mean cross-entropy.
     */
    public static Evaluation ofProbabilities(LabelMap labels, List<String> truth, List<float[]> probabilities) {
        int[] expected = truth.stream().mapToInt(labels::indexOf).toArray();
        int[] predicted = new int[expected.length];
        double lossSum = 0;
        for (int i = 0; i < expected.length; i++) {
            float[] row = probabilities.get(i);
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            predicted[i] = best;
            lossSum -= Math.log(Math.max(row[expected[i]], 1e-12f));
        }
        return of(labels, expected, predicted, lossSum);
    }

    /** Scores predictions against the truth; {@code lossSum} is the summed cross-entropy. */
    public static Evaluation of(LabelMap labels, int[] truth, int[] predicted, double lossSum) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth and predictions differ in length");
        }
        int n = labels.size();
        long[] truePositive = new long[n];
        long[] predictedCount = new long[n];
        long[] actualCount = new long[n];
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            actualCount[truth[i]]++;
            predictedCount[predicted[i]]++;
            if (truth[i] == predicted[i]) {
                truePositive[truth[i]]++;
                correct++;
            }
        }
        Map<String, Double> f1 = new LinkedHashMap<>();
        double f1Sum = 0;
        for (int c = 0; c < n; c++) {
            long denominator = predictedCount[c] + actualCount[c];
            double score = denominator == 0 ? 0 : 2.0 * truePositive[c] / denominator;
            f1.put(labels.label(c), score);
            f1Sum += score;
        }
        int count = truth.length;
        return new Evaluation(count, count == 0 ? 0 : (double) correct / count, f1Sum / n,
                count == 0 ? 0 : lossSum / count, f1);
    }

    @Override
    public String toString() {
        return String.format("n=%d accuracy=%.4f macro-F1=%.4f loss=%.4f", count, accuracy, macroF1, loss);
    }
}
