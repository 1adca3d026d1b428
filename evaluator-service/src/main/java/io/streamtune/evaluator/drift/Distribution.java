package io.streamtune.evaluator.drift;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Counts over named bins: a label distribution (one bin per label) or a histogram of confidences (one bin per
 * interval, named like {@code [0.90,1.00]}).
 *
 * @param bins   bin names, in order
 * @param counts one count per bin
 */
public record Distribution(List<String> bins, long[] counts) {

    public Distribution {
        bins = List.copyOf(bins);
        Objects.requireNonNull(counts, "counts");
        if (bins.size() != counts.length) {
            throw new IllegalArgumentException(bins.size() + " bins but " + counts.length + " counts");
        }
        counts = counts.clone();
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("negative count in " + Arrays.toString(counts));
            }
        }
    }

    /** Number of observations, all bins together. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** Each bin's share of the total; all zero when the distribution is empty. */
    public double[] shares() {
        long total = total();
        double[] shares = new double[counts.length];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return shares;
    }

    /** The counts, a copy. */
    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Distribution that && bins.equals(that.bins) && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return 31 * bins.hashCode() + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Distribution" + bins + Arrays.toString(counts);
    }
}
