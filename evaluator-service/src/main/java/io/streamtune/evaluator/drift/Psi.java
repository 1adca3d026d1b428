package io.streamtune.evaluator.drift;

/**
 * Population stability index of a window distribution against a reference over the same bins:
 * {@code PSI = sum_i (w_i - r_i) * ln(w_i / r_i)}, where {@code w_i} and {@code r_i} are the bins' shares. A share of
 * zero is replaced by {@link #EPSILON}, so a bin empty on one side counts as a large (finite) change and a bin empty
 * on both sides counts nothing. 0 means identical shares; by the usual rule of thumb, below 0.1 is stable, 0.1 to
 * 0.25 a moderate shift, above 0.25 a significant one.
 */
public final class Psi {

    /** What an empty bin's share counts as. */
    public static final double EPSILON = 1e-4;

    private Psi() {
    }

    /** PSI of {@code window} against {@code reference}; both must have the same bins and at least one count. */
    public static double of(Distribution window, Distribution reference) {
        requireSameBins(window, reference);
        if (window.total() == 0 || reference.total() == 0) {
            throw new IllegalArgumentException("PSI needs observations on both sides, got " + window.total()
                    + " and " + reference.total());
        }
        return ofShares(window.shares(), reference.shares());
    }

    /** PSI of two share vectors of the same length (each summing to 1). */
    public static double ofShares(double[] window, double[] reference) {
        if (window.length != reference.length) {
            throw new IllegalArgumentException(window.length + " window bins but " + reference.length
                    + " reference bins");
        }
        double psi = 0;
        for (int i = 0; i < window.length; i++) {
            double w = Math.max(window[i], EPSILON);
            double r = Math.max(reference[i], EPSILON);
            psi += (w - r) * Math.log(w / r);
        }
        return psi;
    }

    /** The largest absolute change of one bin's share, window against reference. */
    public static double maxShareChange(Distribution window, Distribution reference) {
        requireSameBins(window, reference);
        double[] w = window.shares();
        double[] r = reference.shares();
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            max = Math.max(max, Math.abs(w[i] - r[i]));
        }
        return max;
    }

    private static void requireSameBins(Distribution window, Distribution reference) {
        if (!window.bins().equals(reference.bins())) {
            throw new IllegalArgumentException("bins differ: " + window.bins() + " and " + reference.bins());
        }
    }
}
