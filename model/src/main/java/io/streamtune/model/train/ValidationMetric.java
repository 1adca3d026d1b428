package io.streamtune.model.train;

import java.util.Locale;

/** The validation figure that early stopping and best-model selection watch. */
public enum ValidationMetric {
    MACRO_F1(true),
    ACCURACY(true),
    LOSS(false);

    private final boolean higherIsBetter;

    ValidationMetric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    public double of(Evaluation evaluation) {
        return switch (this) {
            case MACRO_F1 -> evaluation.macroF1();
            case ACCURACY -> evaluation.accuracy();
            case LOSS -> evaluation.loss();
        };
    }

    /** Whether {@code candidate} beats {@code best} by more than {@code minDelta}. */
    public boolean improves(double candidate, double best, double minDelta) {
        return higherIsBetter ? candidate > best + minDelta : candidate < best - minDelta;
    }

    public double worst() {
        return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    public static ValidationMetric parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown validation metric '" + value
                    + "', expected macro-f1, accuracy or loss", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
