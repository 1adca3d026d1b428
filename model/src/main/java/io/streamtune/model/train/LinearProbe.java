package io.streamtune.model.train;

import io.streamtune.model.LabelMap;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear classifier (multinomial logistic regression) fitted on fixed features, e.g. a frozen encoder's
 * {@linkplain io.streamtune.model.TextClassifier#embeddings sentence embeddings}: feature extraction with the
 * features computed once, so many epochs cost almost nothing. Full-batch Adam with L2 weight decay on the weights;
 * deterministic (zero initialisation, no sampling). Plain Java: the problem is a few thousand rows of a few hundred
 * features.
 */
public final class LinearProbe {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final LabelMap labels;
    private final double[][] weights;
    private final double[] bias;

    private LinearProbe(LabelMap labels, int features) {
        this.labels = labels;
        this.weights = new double[labels.size()][features];
        this.bias = new double[labels.size()];
    }

    /**
     * Fits a probe.
     *
     * @param features     one row per example
     * @param truth        each example's label
     * @param epochs       full-batch steps
     * @param learningRate Adam step size
     * @param weightDecay  L2 penalty on the weights (not the bias)
     */
    public static LinearProbe fit(LabelMap labels, List<float[]> features, List<String> truth, int epochs,
            double learningRate, double weightDecay) {
        if (features.isEmpty() || features.size() != truth.size()) {
            throw new IllegalArgumentException("need one label per feature row, and at least one row");
        }
        int width = features.get(0).length;
        int classes = labels.size();
        LinearProbe probe = new LinearProbe(labels, width);
        int[] target = truth.stream().mapToInt(labels::indexOf).toArray();
        double[][] mW = new double[classes][width];
        double[][] vW = new double[classes][width];
        double[] mB = new double[classes];
        double[] vB = new double[classes];
        for (int step = 1; step <= epochs; step++) {
            double[][] gradW = new double[classes][width];
            double[] gradB = new double[classes];
            for (int i = 0; i < features.size(); i++) {
                double[] p = probe.probabilities(features.get(i));
                float[] x = features.get(i);
                for (int c = 0; c < classes; c++) {
                    double error = (p[c] - (c == target[i] ? 1 : 0)) / features.size();
                    gradB[c] += error;
                    for (int f = 0; f < width; f++) {
                        gradW[c][f] += error * x[f];
                    }
                }
            }
            double correction1 = 1 - Math.pow(BETA1, step);
            double correction2 = 1 - Math.pow(BETA2, step);
            for (int c = 0; c < classes; c++) {
                for (int f = 0; f < width; f++) {
                    double g = gradW[c][f] + weightDecay * probe.weights[c][f];
                    mW[c][f] = BETA1 * mW[c][f] + (1 - BETA1) * g;
                    vW[c][f] = BETA2 * vW[c][f] + (1 - BETA2) * g * g;
                    probe.weights[c][f] -= learningRate * (mW[c][f] / correction1)
                            / (Math.sqrt(vW[c][f] / correction2) + EPSILON);
                }
                mB[c] = BETA1 * mB[c] + (1 - BETA1) * gradB[c];
                vB[c] = BETA2 * vB[c] + (1 - BETA2) * gradB[c] * gradB[c];
                probe.bias[c] -= learningRate * (mB[c] / correction1) / (Math.sqrt(vB[c] / correction2) + EPSILON);
            }
        }
        return probe;
    }

    /** Softmax class probabilities for one feature row. */
    public double[] probabilities(float[] x) {
        double[] logits = new double[bias.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logits.length; c++) {
            double z = bias[c];
            for (int f = 0; f < x.length; f++) {
                z += weights[c][f] * x[f];
            }
            logits[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= sum;
        }
        return logits;
    }

    /** Accuracy, macro-F1 and mean loss on labelled feature rows. */
    public Evaluation evaluate(List<float[]> features, List<String> truth) {
        List<float[]> probabilities = new ArrayList<>(features.size());
        for (float[] row : features) {
            double[] p = probabilities(row);
            float[] single = new float[p.length];
            for (int c = 0; c < p.length; c++) {
                single[c] = (float) p[c];
            }
            probabilities.add(single);
        }
        return Evaluation.ofProbabilities(labels, truth, probabilities);
    }
}
