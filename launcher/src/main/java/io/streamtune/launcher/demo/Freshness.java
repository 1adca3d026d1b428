package io.streamtune.launcher.demo;

import io.streamtune.schemas.OffsetRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * End-to-end freshness: for each training example, the time from its production to the first time a model trained
 * on it reached a {@link Stage}: an evaluated checkpoint, or an answer given by the served champion. The replay tells
 * it where each training example landed (partition and offset of the examples topic) and when; the evaluations and
 * served answers tell it which source offsets the model was trained on. Thread-safe: the producer's callbacks feed
 * it while the observer reads it.
 */
public final class Freshness {

    /** How far a model trained on an example got. */
    public enum Stage {
        /** A checkpoint trained on it was evaluated. */
        EVALUATED,
        /** A served answer came from a model trained on it. */
        SERVED
    }

    private final String sourceTopic;
    /** Per stage, per partition: offset → production time (ms), for training examples not yet covered. */
    private final Map<Stage, Map<Integer, NavigableMap<Long, Long>>> waiting = new EnumMap<>(Stage.class);
    private final Map<Stage, List<Double>> freshnessSeconds = new EnumMap<>(Stage.class);
    private long produced;
    private long deadLettered;

    public Freshness(String sourceTopic) {
        this.sourceTopic = sourceTopic;
        for (Stage stage : Stage.values()) {
            waiting.put(stage, new HashMap<>());
            freshnessSeconds.put(stage, new ArrayList<>());
        }
    }

    /** A training example was written at {@code partition}/{@code offset} at {@code producedAtMs}. */
    public synchronized void produced(int partition, long offset, long producedAtMs) {
        for (Map<Integer, NavigableMap<Long, Long>> stage : waiting.values()) {
            stage.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, producedAtMs);
        }
        produced++;
    }

    /** A checkpoint trained on {@code sourceRanges} was evaluated at {@code evaluatedAtMs}. */
    public void evaluated(Collection<OffsetRange> sourceRanges, long evaluatedAtMs) {
        reached(Stage.EVALUATED, sourceRanges, evaluatedAtMs);
    }

    /**
     * A model trained on {@code sourceRanges} reached {@code stage} at {@code atMs}. Call in time order; examples
     * already covered at that stage keep their earlier time.
     */
    public synchronized void reached(Stage stage, Collection<OffsetRange> sourceRanges, long atMs) {
        Map<Integer, NavigableMap<Long, Long>> waitingAt = waiting.get(stage);
        for (OffsetRange range : sourceRanges) {
            if (!sourceTopic.equals(range.getTopic())) {
                continue;
            }
            NavigableMap<Long, Long> partition = waitingAt.get(range.getPartition());
            if (partition == null) {
                continue;
            }
            NavigableMap<Long, Long> covered =
                    partition.subMap(range.getFirstOffset(), true, range.getLastOffset(), true);
            for (long producedAt : covered.values()) {
                freshnessSeconds.get(stage).add(Math.max(0, atMs - producedAt) / 1000.0);
            }
            covered.clear();
        }
    }

    /**
     * The record at {@code partition}/{@code offset} was dead-lettered: if it was a training example, it will never
     * be trained on, so it no longer counts as awaited.
     */
    public synchronized void deadLettered(int partition, long offset) {
        boolean wasAwaited = false;
        for (Map<Integer, NavigableMap<Long, Long>> stage : waiting.values()) {
            NavigableMap<Long, Long> waitingIn = stage.get(partition);
            wasAwaited |= waitingIn != null && waitingIn.remove(offset) != null;
        }
        if (wasAwaited) {
            deadLettered++;
        }
    }

    /** Whether every training example produced so far was either evaluated or dead-lettered. */
    public synchronized boolean settled() {
        return waiting.get(Stage.EVALUATED).values().stream().allMatch(Map::isEmpty);
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
    public long covered() {
        return covered(Stage.EVALUATED);
    }

    /** Training examples that reached {@code stage}. */
    public synchronized long covered(Stage stage) {
        return freshnessSeconds.get(stage).size();
    }

    /** The {@code q} quantile of freshness to an evaluated checkpoint; see {@link #quantile(Stage, double)}. */
    public double quantile(double q) {
        return quantile(Stage.EVALUATED, q);
    }

    /** The {@code q} quantile (0..1, nearest rank) of freshness in seconds at {@code stage}, NaN when none. */
    public synchronized double quantile(Stage stage, double q) {
        return nearestRank(freshnessSeconds.get(stage), q);
    }

    /** The {@code q} quantile (0..1, nearest rank) of {@code values}, NaN when there are none. */
    static double nearestRank(Collection<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
