package io.streamtune.evaluator.drift;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The labels of one task's validation stream, split into the newest {@code size} (the window) and every one seen
 * before them (the history). Holds the window's labels and the history's counts only. Not thread-safe.
 */
public final class LabelWindow {

    private final int size;
    private final Deque<String> window = new ArrayDeque<>();
    private final Map<String, Long> windowCounts = new TreeMap<>();
    private final Map<String, Long> historyCounts = new TreeMap<>();

    /** @param size how many of the newest labels form the window */
    public LabelWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be >= 1, got " + size);
        }
        this.size = size;
    }

    /** Adds the newest label; the oldest label of a full window moves to the history. */
    public void add(String label) {
        Objects.requireNonNull(label, "label");
        window.addLast(label);
        windowCounts.merge(label, 1L, Long::sum);
        if (window.size() > size) {
            String oldest = window.removeFirst();
            windowCounts.merge(oldest, -1L, Long::sum);
            historyCounts.merge(oldest, 1L, Long::sum);
        }
    }

    /** The window's label counts, over every label seen so far (sorted by name). */
    public Distribution window() {
        return over(windowCounts);
    }

    /** The history's label counts, over the same bins as {@link #window()}. */
    public Distribution history() {
        return over(historyCounts);
    }

    private Distribution over(Map<String, Long> counts) {
        SortedSet<String> labels = new TreeSet<>(windowCounts.keySet());
        labels.addAll(historyCounts.keySet());
        List<String> bins = List.copyOf(labels);
        long[] values = new long[bins.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = counts.getOrDefault(bins.get(i), 0L);
        }
        return new Distribution(bins, values);
    }
}
