package io.streamtune.evaluator.gate;

import io.streamtune.schemas.Metrics;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** A metric the gate can put a threshold on, with the direction in which it gets better. */
public enum MetricName {
    ACCURACY("accuracy", Direction.HIGHER_IS_BETTER, Metrics::getAccuracy),
    MACRO_F1("macro_f1", Direction.HIGHER_IS_BETTER, Metrics::getMacroF1),
    LOG_LOSS("log_loss", Direction.LOWER_IS_BETTER, Metrics::getLogLoss);

    private final String key;
    private final Direction naturalDirection;
    private final ToDoubleFunction<Metrics> extractor;

    MetricName(String key, Direction naturalDirection, ToDoubleFunction<Metrics> extractor) {
        this.key = key;
        this.naturalDirection = naturalDirection;
        this.extractor = extractor;
    }

    /** The name used in config and in reasons, e.g. {@code macro_f1}. */
    public String key() {
        return key;
    }

    /** Whether larger values of this metric are better. */
    public Direction naturalDirection() {
        return naturalDirection;
    }

    /** Reads this metric from a set of metrics. */
    public double of(Metrics metrics) {
        return extractor.applyAsDouble(metrics);
    }

    /** Parses {@code macro_f1} or {@code MACRO_F1}. */
    public static MetricName parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.key.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown metric '" + text + "'; known: "
                        + Arrays.stream(values()).map(MetricName::key).toList()));
    }
}
