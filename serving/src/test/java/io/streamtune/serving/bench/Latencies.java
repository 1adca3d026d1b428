package io.streamtune.serving.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Call durations of one benchmark case, and the line that reports them. */
final class Latencies {

    private final List<Double> millis = new ArrayList<>();
    private long examples;
    private long startedAt;
    private long endedAt;

    void start() {
        startedAt = System.nanoTime();
    }

    void add(long callNanos, int callExamples) {
        millis.add(callNanos / 1e6);
        examples += callExamples;
        endedAt = System.nanoTime();
    }

    double quantile(double q) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double examplesPerSecond() {
        return examples / ((endedAt - startedAt) / 1e9);
    }

    /** {@code <name> batch <n>: <examples/s> examples/s, p50 <ms> ms, p99 <ms> ms over <calls> calls}. */
    String line(String name, int batch) {
        return String.format("%s batch %d: %.1f examples/s, p50 %.1f ms, p99 %.1f ms over %d calls", name, batch,
                examplesPerSecond(), quantile(0.5), quantile(0.99), millis.size());
    }
}
