package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.metrics.Predictions;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Paired bootstrap of the difference of one metric between two models scored on the same examples: each resample
 * draws example indices with replacement and computes the metric of both models on that one draw, so what both get
 * right or wrong together cancels and only the examples they disagree on move the difference. Deterministic: the
 * same seed gives the same bound.
 */
public final class PairedBootstrap {

    /** Resamples per test: the 2.5% tail of a 95% bound then rests on 50 values. */
    public static final int RESAMPLES = 2000;

    /** Probabilities are clipped as {@code MetricsCalculator} does before the log. */
    private static final double EPSILON = 1e-15;

    private PairedBootstrap() {
    }

    /**
     * The test's result, differences as candidate − champion.
     *
     * @param candidate     the candidate's metric on all examples
     * @param champion      the champion's metric on all examples
     * @param bound         one-sided confidence bound of the difference on the side that counts against the
     *                      candidate: the lower bound where higher is better, the upper bound where lower is better
     * @param examples      paired examples
     * @param disagreements examples where the two models predict different classes
     */
    public record Result(double candidate, double champion, double bound, int examples, int disagreements) {

        /** Candidate − champion on all examples. */
        public double difference() {
            return candidate - champion;
        }
    }

    /**
     * Runs the test. Both predictions must cover the same examples in the same order (checked: same labels and the
     * same true class at every index).
     *
     * @param measure    {@code ACCURACY}, {@code MACRO_F1} or {@code LOG_LOSS} (an {@code anchor_} metric is read
     *                   as its measure: the caller passes the anchor slice's predictions)
     * @param confidence of the one-sided bound, in (0, 1)
     */
    public static Result run(MetricName measure, Predictions candidate, Predictions champion, double confidence,
            int resamples, long seed) {
        if (!sameExamples(candidate, champion)) {
            throw new IllegalArgumentException("The two models were not scored on the same examples");
        }
        MetricName plain = measure.measure();
        int n = candidate.size();
        PerExample cand = new PerExample(candidate);
        PerExample champ = new PerExample(champion);
        int[] once = new int[n];
        Arrays.fill(once, 1);
        double candidateValue = cand.statistic(plain, once);
        double championValue = champ.statistic(plain, once);

        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[resamples];
        int[] counts = new int[n];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            for (int j = 0; j < n; j++) {
                counts[random.nextInt(n)]++;
            }
            differences[b] = cand.statistic(plain, counts) - champ.statistic(plain, counts);
        }
        Arrays.sort(differences);
        int tail = (int) Math.floor((1 - confidence) * resamples + 1e-9);
        double bound = plain.naturalDirection() == Direction.HIGHER_IS_BETTER
                ? differences[Math.min(tail, resamples - 1)]
                : differences[Math.max(resamples - 1 - tail, 0)];
        return new Result(candidateValue, championValue, bound, n, disagreements(candidate, champion));
    }

    /** Whether both predictions are on the same examples: same labels, same true class at every index. */
    public static boolean sameExamples(Predictions a, Predictions b) {
        return a.labels().equals(b.labels()) && Arrays.equals(a.truth(), b.truth());
    }

    private static int disagreements(Predictions a, Predictions b) {
        int count = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.predicted(i) != b.predicted(i)) {
                count++;
            }
        }
        return count;
    }

    /** One model's prediction and loss per example, worked out once for all resamples. */
    private static final class PerExample {
        private final int[] truth;
        private final int[] predicted;
        private final double[] loss;
        private final int classes;

        PerExample(Predictions p) {
            truth = p.truth();
            classes = p.labels().size();
            predicted = new int[p.size()];
            loss = new double[p.size()];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = p.predicted(i);
                loss[i] = -Math.log(Math.max(EPSILON, Math.min(1.0, p.probabilityOfTruth(i))));
            }
        }

        /** The metric on a resample given by how often each example was drawn; as {@code MetricsCalculator}. */
        double statistic(MetricName measure, int[] counts) {
            return measure == MetricName.MACRO_F1 ? macroF1(counts) : mean(measure, counts);
        }

        private double mean(MetricName measure, int[] counts) {
            long drawn = 0;
            double sum = 0;
            for (int i = 0; i < counts.length; i++) {
                int k = counts[i];
                if (k != 0) {
                    drawn += k;
                    sum += k * (measure == MetricName.LOG_LOSS ? loss[i] : predicted[i] == truth[i] ? 1 : 0);
                }
            }
            return drawn == 0 ? 0 : sum / drawn;
        }

        private double macroF1(int[] counts) {
            long[] truePositives = new long[classes];
            long[] predictedAs = new long[classes];
            long[] actually = new long[classes];
            for (int i = 0; i < counts.length; i++) {
                int k = counts[i];
                if (k != 0) {
                    predictedAs[predicted[i]] += k;
                    actually[truth[i]] += k;
                    if (predicted[i] == truth[i]) {
                        truePositives[truth[i]] += k;
                    }
                }
            }
            // F1 = 2PR / (P + R) = 2 TP / (predicted + actual); 0 for a class with neither (zero_division=0).
            double f1Sum = 0;
            for (int c = 0; c < classes; c++) {
                long denominator = predictedAs[c] + actually[c];
                f1Sum += denominator == 0 ? 0 : 2.0 * truePositives[c] / denominator;
            }
            return classes == 0 ? 0 : f1Sum / classes;
        }
    }
}
