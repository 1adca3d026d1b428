package io.streamtune.evaluator.drift;

/** How far a drift signal is from its reference, by the thresholds of {@link DriftSettings}. */
public enum DriftLevel {
    /** Below the watch threshold, or not computed yet. */
    NONE,
    /** At or above the watch threshold (PSI 0.1 by default): a moderate shift, worth a look. */
    WATCH,
    /** At or above the drift threshold (PSI 0.25 by default): the distribution has shifted. */
    DRIFT
}
