package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.scoring.Scoring;

/**
 * A bound on how the candidate compares with the champion, as TFX's {@code GenericChangeThreshold}: the
 * candidate must improve on the champion by at least {@code minChange} in the given direction, absolutely
 * (a difference) or relatively (a fraction of the champion's value; every gated metric is non-negative). A
 * negative {@code minChange} tolerates a
 * small regression: {@code absolute, -0.005, HIGHER_IS_BETTER} reads {@code metric >= champion - 0.005}. On an
 * {@code anchor_} metric, {@code champion} is the champion's value on the anchor slice.
 */
public record ChangeThreshold(MetricName metric, Kind kind, double minChange, Direction direction)
        implements Threshold {

    /** How the change is measured. */
    public enum Kind {
        /** {@code candidate - champion}. */
        ABSOLUTE,
        /** {@code (candidate - champion) / champion}. */
        RELATIVE
    }

    @Override
    public boolean needsChampion() {
        return true;
    }

    @Override
    public String describe() {
        return metric.key() + " " + operator() + " " + boundExpression("champion");
    }

    @Override
    public Check check(Scoring candidate, Scoring champion) {
        double value = Slices.value(candidate, metric);
        double championValue = Slices.value(champion, metric);
        double bound = bound(championValue);
        boolean passed = direction == Direction.HIGHER_IS_BETTER ? value >= bound : value <= bound;
        String reason = metric.key() + " " + Threshold.format(value) + " " + (passed ? operator() : negated()) + " "
                + boundExpression("champion " + Threshold.format(championValue)) + " = " + Threshold.format(bound);
        return new Check(describe(), passed, reason);
    }

    /** The value the candidate must reach (or stay under) given the champion's value. */
    double bound(double championValue) {
        double sign = direction == Direction.HIGHER_IS_BETTER ? 1 : -1;
        return kind == Kind.ABSOLUTE
                ? championValue + sign * minChange
                : championValue * (1 + sign * minChange);
    }

    private String boundExpression(String champion) {
        double signed = direction == Direction.HIGHER_IS_BETTER ? minChange : -minChange;
        String op = signed < 0 ? " - " : " + ";
        String amount = Threshold.format(Math.abs(signed));
        return kind == Kind.ABSOLUTE
                ? champion + op + amount
                : champion + " × (1" + op + amount + ")";
    }

    private String operator() {
        return direction == Direction.HIGHER_IS_BETTER ? ">=" : "<=";
    }

    private String negated() {
        return direction == Direction.HIGHER_IS_BETTER ? "<" : ">";
    }
}
