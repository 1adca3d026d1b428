package io.streamtune.evaluator.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Histograms of a model's confidence (its highest class probability) over fixed, equal-width bins from
 * {@code 1/classes} (the lowest confidence possible) to 1, so that every bin can be reached and two histograms of the
 * same task always share their bins.
 */
public final class ConfidenceHistogram {

    private static final double EDGE_TOLERANCE = 1e-9;

    private ConfidenceHistogram() {
    }

    /**
     * Counts {@code confidences} into {@code bins} bins over {@code [1/classes, 1]}, named like {@code [0.50,0.60)};
     * the last bin includes 1. Values outside the range (rounding) count in the nearest bin.
     */
    public static Distribution of(double[] confidences, int classes, int bins) {
        if (classes < 2 || bins < 1) {
            throw new IllegalArgumentException("need at least 2 classes and 1 bin, got " + classes + " and " + bins);
        }
        double low = 1.0 / classes;
        double width = (1.0 - low) / bins;
        long[] counts = new long[bins];
        for (double confidence : confidences) {
            // The tolerance keeps a value on an edge (0.6 with bins of 0.1 from 0.5) out of the bin below it.
            int bin = (int) Math.floor((confidence - low) / width + EDGE_TOLERANCE);
            counts[Math.max(0, Math.min(bins - 1, bin))]++;
        }
        List<String> names = new ArrayList<>(bins);
        for (int i = 0; i < bins; i++) {
            names.add(String.format(Locale.ROOT, "[%.2f,%.2f%s", low + i * width, low + (i + 1) * width,
                    i == bins - 1 ? "]" : ")"));
        }
        return new Distribution(names, counts);
    }
}
