package io.streamtune.model.train;

import java.util.Locale;

/**
 * Learning rate after a linear warmup. With no known total (a stream that never ends) the rate stays at its
 * peak after warmup whatever the decay.
 */
public enum LrSchedule {
    LINEAR,
    COSINE,
    CONSTANT;

    public static LrSchedule parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + value
                    + "', expected linear, cosine or constant", e);
        }
    }

    /**
     * The rate for 1-based optimizer step {@code step}.
     *
     * @param totalSteps steps the decay spans; 0 when unknown
     */
    public double rate(double peak, long step, long warmupSteps, long totalSteps) {
        if (step <= warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        if (this == CONSTANT || totalSteps <= 0) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return switch (this) {
            case LINEAR -> peak * (1.0 - progress);
            case COSINE -> peak * 0.5 * (1.0 + Math.cos(Math.PI * progress));
            case CONSTANT -> peak;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
