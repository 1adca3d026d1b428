package io.streamtune.evaluator.gate;

/** Which way a metric improves, as in TFX's {@code MetricDirection}. */
public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER
}
