package io.streamtune.evaluator.gate;

import io.streamtune.schemas.Metrics;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A metric the gate can put a threshold on, with the direction in which it gets better and the validation slice it
 * is read on: the recent slice (what the gate judges) or, for the {@code anchor_} metrics, the anchor slice (the
 * first examples ever seen, where forgetting shows).
 */
public enum MetricName {
    ACCURACY("accuracy", Direction.HIGHER_IS_BETTER, Metrics::getAccuracy, false),
    MACRO_F1("macro_f1", Direction.HIGHER_IS_BETTER, Metrics::getMacroF1, false),
    LOG_LOSS("log_loss", Direction.LOWER_IS_BETTER, Metrics::getLogLoss, false),
    ANCHOR_ACCURACY("anchor_accuracy", Direction.HIGHER_IS_BETTER, Metrics::getAccuracy, true),
    ANCHOR_MACRO_F1("anchor_macro_f1", Direction.HIGHER_IS_BETTER, Metrics::getMacroF1, true),
    ANCHOR_LOG_LOSS("anchor_log_loss", Direction.LOWER_IS_BETTER, Metrics::getLogLoss, true);

    private final String key;
    private final Direction naturalDirection;
    private final ToDoubleFunction<Metrics> extractor;
    private final boolean anchor;

    MetricName(String key, Direction naturalDirection, ToDoubleFunction<Metrics> extractor, boolean anchor) {
        this.key = key;
        this.naturalDirection = naturalDirection;
        this.extractor = extractor;
        this.anchor = anchor;
    }

    /** Whether this metric is read on the anchor slice rather than the recent one. */
    public boolean anchor() {
        return anchor;
    }

    /** The same measure on the recent slice: {@code ACCURACY} for {@code ANCHOR_ACCURACY}. */
    public MetricName measure() {
        return anchor ? valueOf(name().substring("ANCHOR_".length())) : this;
    }

    /** The name used in config and in reasons, e.g. {@code macro_f1}. */
    public String key() {
        return key;
    }

    /** Whether larger values of this metric are better. */
    public Direction naturalDirection() {
        return naturalDirection;
    }

    /** Reads this metric from a set of metrics (of the slice this metric is read on). */
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
