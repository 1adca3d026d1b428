package io.streamtune.launcher.demo;

import io.streamtune.schemas.OffsetRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * End-to-end freshness: for each training example, the time from its production to the first evaluated
 * checkpoint whose lineage holds it. The replay tells it where each training example landed (partition and
 * offset of the examples topic) and when; the evaluations tell it which source offsets each evaluated
 * checkpoint was trained on. Thread-safe: the producer's callbacks feed it while the observer reads it.
 */
public final class Freshness {

    private final String sourceTopic;
    /** Per partition: offset → production time (ms), for training examples not yet covered. */
    private final Map<Integer, NavigableMap<Long, Long>> waiting = new HashMap<>();
    private final List<Double> freshnessSeconds = new ArrayList<>();
    private long produced;
    private long deadLettered;

    public Freshness(String sourceTopic) {
        this.sourceTopic = sourceTopic;
    }

    /** A training example was written at {@code partition}/{@code offset} at {@code producedAtMs}. */
    public synchronized void produced(int partition, long offset, long producedAtMs) {
        waiting.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, producedAtMs);
        produced++;
    }

    /**
     * A checkpoint trained on {@code sourceRanges} was evaluated at {@code evaluatedAtMs}. Call in evaluation
     * order; examples already covered by an earlier evaluation keep their earlier time.
     */
    public synchronized void evaluated(List<OffsetRange> sourceRanges, long evaluatedAtMs) {
        for (OffsetRange range : sourceRanges) {
            if (!sourceTopic.equals(range.getTopic())) {
                continue;
            }
            NavigableMap<Long, Long> partition = waiting.get(range.getPartition());
            if (partition == null) {
                continue;
            }
            NavigableMap<Long, Long> covered =
                    partition.subMap(range.getFirstOffset(), true, range.getLastOffset(), true);
            for (long producedAt : covered.values()) {
                freshnessSeconds.add(Math.max(0, evaluatedAtMs - producedAt) / 1000.0);
            }
            covered.clear();
        }
    }

    /**
     * The record at {@code partition}/{@code offset} was dead-lettered: if it was a training example, it will never
     * be trained on, so it no longer counts as awaited.
     */
    public synchronized void deadLettered(int partition, long offset) {
        NavigableMap<Long, Long> waitingIn = waiting.get(partition);
        if (waitingIn != null && waitingIn.remove(offset) != null) {
            deadLettered++;
        }
    }

    /** Whether every training example produced so far was either evaluated or dead-lettered. */
    public synchronized boolean settled() {
        return waiting.values().stream().allMatch(Map::isEmpty);
    }

    /** Training examples produced so far that the ingest service dead-lettered. */
    public synchronized long deadLettered() {
        return deadLettered;
    }

    /** Training examples produced so far. */
    public synchronized long produced() {
        return produced;
    }

    /** Training examples that reached an evaluated checkpoint. */
    public synchronized long covered() {
        return freshnessSeconds.size();
    }

    /** The {@code q} quantile (0..1, nearest rank) of freshness in seconds, NaN when nothing was covered. */
    public synchronized double quantile(double q) {
        if (freshnessSeconds.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = freshnessSeconds.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
