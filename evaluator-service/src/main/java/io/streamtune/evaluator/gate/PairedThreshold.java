package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.evaluator.scoring.Scoring;
import java.util.Arrays;
import java.util.Objects;

/**
 * A paired non-inferiority rule, {@code macro_f1 not_worse_than champion by 0.005 at 0.95}: candidate and champion
 * are compared on the same examples with a {@link PairedBootstrap} of the metric difference, and the rule passes when
 * the one-sided bound of the difference on the candidate's bad side (the lower bound where higher is better, the
 * upper bound for {@code log_loss}) stays within {@code tolerance}. The candidate carries the burden of proof: a
 * difference the examples cannot pin down (a few emails on a small set) does not let it through. Without
 * per-example predictions on either side the rule fails, saying so.
 *
 * @param tolerance  how much worse the candidate may be, in the metric's units (non-negative)
 * @param confidence of the one-sided bound, e.g. 0.95
 */
public record PairedThreshold(MetricName metric, double tolerance, double confidence) implements Threshold {

    public PairedThreshold {
        Objects.requireNonNull(metric, "metric");
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1 (exclusive), got " + confidence);
        }
    }

    @Override
    public boolean needsChampion() {
        return true;
    }

    @Override
    public String describe() {
        return metric.key() + " not_worse_than champion by " + Threshold.format(tolerance) + " at "
                + Threshold.format(confidence);
    }

    @Override
    public Check check(Scoring candidate, Scoring champion) {
        Predictions candidatePredictions = Slices.predictions(candidate, metric);
        Predictions championPredictions = Slices.predictions(champion, metric);
        String unpaired = unpaired(candidatePredictions, championPredictions);
        if (unpaired != null) {
            return new Check(describe(), false, metric.key() + " cannot be compared pairwise: " + unpaired);
        }
        PairedBootstrap.Result result = PairedBootstrap.run(metric, candidatePredictions, championPredictions,
                confidence, PairedBootstrap.RESAMPLES, seed(candidate, champion, candidatePredictions));
        boolean higherIsBetter = metric.naturalDirection() == Direction.HIGHER_IS_BETTER;
        boolean passed = higherIsBetter ? result.bound() >= -tolerance : result.bound() <= tolerance;
        return new Check(describe(), passed, reason(result, passed));
    }

    /** Why the two sides cannot be paired, or {@code null} when they can. */
    private String unpaired(Predictions candidate, Predictions champion) {
        if (candidate == null || champion == null) {
            return (candidate == null ? "the candidate" : "the champion") + " has no per-example predictions"
                    + (metric.anchor() ? " on the anchor slice" : "");
        }
        if (!PairedBootstrap.sameExamples(candidate, champion)) {
            return "candidate (" + candidate.size() + " examples) and champion (" + champion.size()
                    + ") were not scored on the same examples";
        }
        return null;
    }

    private String reason(PairedBootstrap.Result result, boolean passed) {
        boolean higherIsBetter = metric.naturalDirection() == Direction.HIGHER_IS_BETTER;
        String limit = higherIsBetter ? (passed ? ">= " : "< ") + Threshold.format(0 - tolerance)
                : (passed ? "<= " : "> ") + Threshold.format(tolerance);
        return metric.key() + " " + Threshold.format(result.candidate()) + " vs champion "
                + Threshold.format(result.champion()) + ": difference " + Threshold.format(result.difference()) + ", "
                + percent(confidence) + (higherIsBetter ? " lower" : " upper") + " bound "
                + Threshold.format(result.bound()) + " " + limit + " (n=" + result.examples() + " paired examples, "
                + result.disagreements() + " disagreements)";
    }

    /** The same candidate, champion and examples always give the same resamples, so a re-evaluation agrees. */
    private static long seed(Scoring candidate, Scoring champion, Predictions examples) {
        long seed = Objects.hash(candidate.model().version(), champion.model().version());
        return seed * 0x9E3779B97F4A7C15L + Arrays.hashCode(examples.truth()) * 31L + examples.size();
    }

    private static String percent(double confidence) {
        return Threshold.format(confidence * 100).replaceAll("\\.0$", "") + "%";
    }
}
