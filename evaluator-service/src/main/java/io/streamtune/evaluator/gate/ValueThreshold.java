package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.scoring.Scoring;

/**
 * An absolute bound on a metric, e.g. {@code macro_f1 >= 0.9}, {@code log_loss <= 0.35} or
 * {@code anchor_macro_f1 >= 0.9}. The comparison follows
 * the metric's direction: a lower bound for metrics where higher is better, an upper bound otherwise.
 */
public record ValueThreshold(MetricName metric, double bound) implements Threshold {

    @Override
    public boolean needsChampion() {
        return false;
    }

    @Override
    public String describe() {
        return metric.key() + " " + operator() + " " + Threshold.format(bound);
    }

    @Override
    public Check check(Scoring candidate, Scoring champion) {
        double value = Slices.value(candidate, metric);
        boolean passed = metric.naturalDirection() == Direction.HIGHER_IS_BETTER ? value >= bound : value <= bound;
        String op = passed ? operator() : negated();
        return new Check(describe(), passed, metric.key() + " " + Threshold.format(value) + " " + op + " "
                + Threshold.format(bound));
    }

    private String operator() {
        return metric.naturalDirection() == Direction.HIGHER_IS_BETTER ? ">=" : "<=";
    }

    private String negated() {
        return metric.naturalDirection() == Direction.HIGHER_IS_BETTER ? "<" : ">";
    }
}
