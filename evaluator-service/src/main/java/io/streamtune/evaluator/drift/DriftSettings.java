package io.streamtune.evaluator.drift;

/**
 * How drift is measured: the window, the minimum counts and the PSI thresholds.
 *
 * @param windowSize     newest validation examples that form the window
 * @param minExamples    a signal is computed only when its window and its reference each hold this many
 * @param watchPsi       PSI at or above which a signal is {@link DriftLevel#WATCH}
 * @param driftPsi       PSI at or above which a signal is {@link DriftLevel#DRIFT}
 * @param confidenceBins equal-width bins of the confidence histogram, over {@code [1/classes, 1]}
 */
public record DriftSettings(int windowSize, int minExamples, double watchPsi, double driftPsi, int confidenceBins) {

    public static final int DEFAULT_WINDOW_SIZE = 200;
    public static final int DEFAULT_MIN_EXAMPLES = 200;
    public static final double DEFAULT_WATCH_PSI = 0.1;
    public static final double DEFAULT_DRIFT_PSI = 0.25;
    public static final int DEFAULT_CONFIDENCE_BINS = 5;

    public DriftSettings {
        if (windowSize < 1 || minExamples < 1 || minExamples > windowSize) {
            throw new IllegalArgumentException("need 1 <= minExamples <= windowSize, got " + minExamples + " and "
                    + windowSize);
        }
        if (!(watchPsi > 0) || !(driftPsi >= watchPsi) || Double.isInfinite(driftPsi)) {
            throw new IllegalArgumentException("need 0 < watchPsi <= driftPsi, got " + watchPsi + " and "
                    + driftPsi);
        }
        if (confidenceBins < 2) {
            throw new IllegalArgumentException("need at least 2 confidence bins, got " + confidenceBins);
        }
    }

    /** Window 200, at least 200 examples on each side, WATCH at PSI 0.1, DRIFT at 0.25, 5 confidence bins. */
    public static DriftSettings defaults() {
        return new DriftSettings(DEFAULT_WINDOW_SIZE, DEFAULT_MIN_EXAMPLES, DEFAULT_WATCH_PSI, DEFAULT_DRIFT_PSI,
                DEFAULT_CONFIDENCE_BINS);
    }

    /** The level of a PSI value. */
    public DriftLevel level(double psi) {
        if (psi >= driftPsi) {
            return DriftLevel.DRIFT;
        }
        return psi >= watchPsi ? DriftLevel.WATCH : DriftLevel.NONE;
    }
}
