package io.streamtune.trainer.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A reservoir of past training examples (Vitter's algorithm R): after {@code seen} examples were offered, each
 * of them is held with probability {@code capacity / seen}, so replay samples cover the whole stream, not just
 * its recent past, which is what counters forgetting.
 *
 * <p>Deterministic for a given seed and sequence of calls, and its whole state ({@link #snapshot()}) goes into a
 * checkpoint, so a trainer that resumes from a checkpoint replays exactly what an uninterrupted one would have.
 * Not thread-safe.
 *
 * @param <T> example type
 */
public final class ReplayBuffer<T> {

    private final int capacity;
    private final List<T> items;
    private long seen;
    /** SplitMix64 state: one long, so the random stream's position goes into a checkpoint exactly. */
    private long randomState;

    /** An empty buffer. */
    public ReplayBuffer(int capacity, long seed) {
        this(capacity, List.of(), 0, seed);
    }

    private ReplayBuffer(int capacity, List<T> items, long seen, long randomState) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        if (items.size() > capacity || seen < items.size()) {
            throw new IllegalArgumentException("Inconsistent replay state: " + items.size() + " items, capacity "
                    + capacity + ", " + seen + " seen");
        }
        this.capacity = capacity;
        this.items = new ArrayList<>(items);
        this.seen = seen;
        this.randomState = randomState;
    }

    /** Restores a buffer from a {@link #snapshot()}. */
    public static <T> ReplayBuffer<T> restore(Snapshot<T> snapshot) {
        return new ReplayBuffer<>(snapshot.capacity(), snapshot.items(), snapshot.seen(), snapshot.randomState());
    }

    /** Offers one example to the reservoir. */
    public void offer(T item) {
        Objects.requireNonNull(item, "item");
        seen++;
        if (items.size() < capacity) {
            items.add(item);
            return;
        }
        if (capacity == 0) {
            return;
        }
        long slot = nextBounded(seen);
        if (slot < capacity) {
            items.set((int) slot, item);
        }
    }

    /**
     * Draws up to {@code count} distinct held examples, uniformly; fewer when fewer are held.
     */
    public List<T> sample(int count) {
        int n = Math.min(count, items.size());
        List<T> pool = new ArrayList<>(items);
        // Partial Fisher-Yates: the first n slots end up a uniform sample without replacement.
        for (int i = 0; i < n; i++) {
            int j = i + (int) nextBounded(pool.size() - i);
            Collections.swap(pool, i, j);
        }
        return List.copyOf(pool.subList(0, n));
    }

    /** Examples held now. */
    public int size() {
        return items.size();
    }

    /** Examples offered since the buffer was created (across restores). */
    public long seen() {
        return seen;
    }

    /** The complete state, for a checkpoint. */
    public Snapshot<T> snapshot() {
        return new Snapshot<>(capacity, List.copyOf(items), seen, randomState);
    }

    /** Uniform in [0, bound), by rejection so no value is favoured. */
    private long nextBounded(long bound) {
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    /** SplitMix64 (Steele, Lea and Flood, 2014). */
    private long nextLong() {
        randomState += 0x9E3779B97F4A7C15L;
        long z = randomState;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Everything needed to rebuild an identical buffer. */
    public record Snapshot<T>(int capacity, List<T> items, long seen, long randomState) {
    }
}
