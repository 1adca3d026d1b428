package io.streamtune.evaluator.metrics;

import io.streamtune.schemas.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes classification metrics from predicted class probabilities: accuracy, macro-F1, log loss, per-class
 * precision and recall, and the confusion matrix.
 */
public final class MetricsCalculator {

    /** Probabilities are clipped to [EPSILON, 1] before the log, as scikit-learn does, so one confident miss
     *  costs a large but finite loss. */
    static final double EPSILON = 1e-15;

    private MetricsCalculator() {
    }

    /**
     * @param labels        label names; index i is class i
     * @param trueClasses   true class index per example
     * @param probabilities predicted probabilities per example, one row per example, one column per class
     */
    public static Metrics compute(List<String> labels, int[] trueClasses, float[][] probabilities) {
        int classes = labels.size();
        if (trueClasses.length != probabilities.length) {
            throw new IllegalArgumentException("Got " + trueClasses.length + " labels but "
                    + probabilities.length + " predictions");
        }
        long[][] confusion = new long[classes][classes];
        double logLoss = 0;
        int correct = 0;
        for (int i = 0; i < trueClasses.length; i++) {
            float[] row = checkedRow(probabilities, i, classes);
            int truth = checkedTruth(trueClasses, i, classes);
            int predicted = argMax(row);
            confusion[truth][predicted]++;
            if (predicted == truth) {
                correct++;
            }
            logLoss -= Math.log(Math.max(EPSILON, Math.min(1.0, row[truth])));
        }
        int n = trueClasses.length;

        Map<String, Double> precision = new LinkedHashMap<>();
        Map<String, Double> recall = new LinkedHashMap<>();
        double f1Sum = 0;
        for (int c = 0; c < classes; c++) {
            long truePositives = confusion[c][c];
            long predictedAsC = 0;
            long actuallyC = 0;
            for (int k = 0; k < classes; k++) {
                predictedAsC += confusion[k][c];
                actuallyC += confusion[c][k];
            }
            double p = ratio(truePositives, predictedAsC);
            double r = ratio(truePositives, actuallyC);
            precision.put(labels.get(c), p);
            recall.put(labels.get(c), r);
            f1Sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        return Metrics.newBuilder()
                .setExamples(n)
                .setAccuracy(mean(correct, n))
                .setMacroF1(mean(f1Sum, classes))
                .setLogLoss(mean(logLoss, n))
                .setLabels(List.copyOf(labels))
                .setPrecision(precision)
                .setRecall(recall)
                .setConfusionMatrix(asLists(confusion))
                .build();
    }

    private static float[] checkedRow(float[][] probabilities, int i, int classes) {
        float[] row = probabilities[i];
        if (row.length != classes) {
            throw new IllegalArgumentException("Prediction " + i + " has " + row.length
                    + " probabilities for " + classes + " classes");
        }
        return row;
    }

    private static int checkedTruth(int[] trueClasses, int i, int classes) {
        int truth = trueClasses[i];
        if (truth < 0 || truth >= classes) {
            throw new IllegalArgumentException("True class " + truth + " of example " + i + " is not one of "
                    + classes + " classes");
        }
        return truth;
    }

    /** {@code sum / count}, 0 when there is nothing to average. */
    private static double mean(double sum, int count) {
        return count == 0 ? 0 : sum / count;
    }

    private static List<List<Long>> asLists(long[][] confusion) {
        List<List<Long>> matrix = new ArrayList<>(confusion.length);
        for (long[] row : confusion) {
            List<Long> cells = new ArrayList<>(row.length);
            for (long cell : row) {
                cells.add(cell);
            }
            matrix.add(cells);
        }
        return matrix;
    }

    /** A class with no predictions (or no examples) scores 0, as scikit-learn's zero_division=0 does. */
    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    private static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
