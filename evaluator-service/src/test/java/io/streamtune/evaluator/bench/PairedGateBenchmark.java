package io.streamtune.evaluator.bench;

import io.streamtune.evaluator.gate.MetricName;
import io.streamtune.evaluator.gate.PairedBootstrap;
import io.streamtune.evaluator.metrics.MetricsCalculator;
import io.streamtune.evaluator.metrics.Predictions;
import java.util.List;
import java.util.Random;

/**
 * What a paired gate rule costs per evaluation: {@link PairedBootstrap} on two models' predictions for
 * {@code examples} examples with {@link PairedBootstrap#RESAMPLES} resamples, per metric, next to the reference of
 * one {@link MetricsCalculator#compute} of both models' metrics on the same predictions (what the gate cost before).
 * Median of {@code rounds} after a warm-up. Run by {@code evaluator-service/bench/paired-gate.sh}.
 */
public final class PairedGateBenchmark {

    private PairedGateBenchmark() {
    }

    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Random random = new Random(7);
        Predictions candidate = model(examples, random, 0.93);
        Predictions champion = new Predictions(candidate.labels(), candidate.truth(),
                model(examples, random, 0.91).probabilities());

        double reference = median(rounds, () -> {
            MetricsCalculator.compute(candidate.labels(), candidate.truth(), candidate.probabilities());
            MetricsCalculator.compute(champion.labels(), champion.truth(), champion.probabilities());
        });
        System.out.printf("%d examples: metrics of both models once (reference) %.3f ms%n", examples, reference);
        for (MetricName metric : List.of(MetricName.ACCURACY, MetricName.MACRO_F1, MetricName.LOG_LOSS)) {
            double ms = median(rounds, () -> PairedBootstrap.run(metric, candidate, champion, 0.95,
                    PairedBootstrap.RESAMPLES, 42));
            System.out.printf("%s: paired bootstrap, %d resamples, %.1f ms = %.0fx the reference%n", metric.key(),
                    PairedBootstrap.RESAMPLES, ms, ms / reference);
        }
    }

    /** Two-class predictions, right with probability {@code accuracy}, confidence drawn in [0.5, 1). */
    private static Predictions model(int n, Random random, double accuracy) {
        int[] truth = new int[n];
        float[][] probabilities = new float[n][];
        Random labels = new Random(11);
        for (int i = 0; i < n; i++) {
            truth[i] = labels.nextInt(2);
            float confidence = 0.5f + 0.5f * random.nextFloat();
            int predicted = random.nextDouble() < accuracy ? truth[i] : 1 - truth[i];
            probabilities[i] = new float[2];
            probabilities[i][predicted] = confidence;
            probabilities[i][1 - predicted] = 1 - confidence;
        }
        return new Predictions(List.of("ham", "spam"), truth, probabilities);
    }

    private static double median(int rounds, Runnable work) {
        work.run();
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            work.run();
            ms[r] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[rounds / 2];
    }
}
