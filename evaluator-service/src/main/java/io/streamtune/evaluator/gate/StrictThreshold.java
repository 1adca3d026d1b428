package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.scoring.Scoring;
import java.util.Locale;

/**
 * The candidate must be strictly better than the champion on a metric, in the metric's own direction:
 * {@code log_loss < champion}, {@code macro_f1 > champion}. A tie-breaker: beside a paired rule that lets a
 * candidate through when it is not worse, it decides on a metric that still moves when both score perfectly.
 */
public record StrictThreshold(MetricName metric) implements Threshold {

    @Override
    public boolean needsChampion() {
        return true;
    }

    @Override
    public String describe() {
        return metric.key() + " " + operator() + " champion";
    }

    @Override
    public Check check(Scoring candidate, Scoring champion) {
        double value = Slices.value(candidate, metric);
        double championValue = Slices.value(champion, metric);
        boolean passed = metric.naturalDirection() == Direction.HIGHER_IS_BETTER
                ? value > championValue : value < championValue;
        int digits = digitsApart(value, championValue);
        return new Check(describe(), passed, metric.key() + " " + format(value, digits) + " "
                + (passed ? operator() : "not " + operator()) + " champion " + format(championValue, digits));
    }

    private String operator() {
        return metric.naturalDirection() == Direction.HIGHER_IS_BETTER ? ">" : "<";
    }

    /** Four decimals, or as many more (up to 9) as it takes to show two different values apart. */
    private static int digitsApart(double a, double b) {
        int digits = 4;
        while (digits < 9 && a != b && format(a, digits).equals(format(b, digits))) {
            digits++;
        }
        return digits;
    }

    private static String format(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }
}
