package io.streamtune.evaluator.validation;

import io.streamtune.schemas.LabeledExample;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The bounded validation set of one task: a fixed <em>anchor</em> slice, the first examples ever seen, kept so
 * that forgetting of older data shows, and the <em>recent</em> slice, the newest examples, which tracks the stream
 * as it drifts. The recent slice includes the first examples while they are among the newest: the two slices
 * overlap at the start, so the gate can judge as soon as the minimum number of examples arrived instead of waiting
 * for the anchor to fill first.
 *
 * <p>An example id is held at most once (an example in both slices is one object, and {@link #union()} lists it
 * once); a re-sent example is ignored while its id is held, in either slice. The {@link #fingerprint()} changes
 * whenever either slice changes, so a cached champion score can be reused exactly as long as it is still valid.
 * Not thread-safe: one evaluator thread owns it.
 */
public final class ValidationSet {

    private int anchorSize;
    private int recentSize;
    private final List<LabeledExample> anchor = new ArrayList<>();
    private final Set<String> anchorIds = new HashSet<>();
    private final Deque<LabeledExample> recent = new ArrayDeque<>();
    private final Set<String> ids = new HashSet<>();

    /**
     * @param anchorSize how many of the first examples to keep forever (0 for none)
     * @param recentSize how many of the most recent examples to keep (at least 1)
     */
    public ValidationSet(int anchorSize, int recentSize) {
        requireSizes(anchorSize, recentSize);
        this.anchorSize = anchorSize;
        this.recentSize = recentSize;
    }

    /** Adds an example to the recent slice, and to the anchor while it is not full; false when its id is held. */
    public boolean add(LabeledExample example) {
        String id = example.getId();
        if (id == null || !ids.add(id)) {
            return false;
        }
        if (anchor.size() < anchorSize) {
            anchor.add(example);
            anchorIds.add(id);
        }
        recent.addLast(example);
        trimRecent();
        return true;
    }

    /**
     * Changes the sizes. The anchor stays the oldest examples held: when it grows it takes the oldest recent examples
     * it does not hold yet (they stay recent too), when it shrinks it lets its newest go. The oldest recent examples
     * go when there are too many. Examples already gone are not recovered.
     */
    public void resize(int newAnchorSize, int newRecentSize) {
        requireSizes(newAnchorSize, newRecentSize);
        anchorSize = newAnchorSize;
        recentSize = newRecentSize;
        while (anchor.size() > anchorSize) {
            LabeledExample dropped = anchor.remove(anchor.size() - 1);
            anchorIds.remove(dropped.getId());
            if (!recent.contains(dropped)) {
                ids.remove(dropped.getId());
            }
        }
        for (LabeledExample example : recent) {
            if (anchor.size() >= anchorSize) {
                break;
            }
            if (anchorIds.add(example.getId())) {
                anchor.add(example);
            }
        }
        trimRecent();
    }

    /** The anchor slice, oldest first. */
    public List<LabeledExample> anchor() {
        return Collections.unmodifiableList(anchor);
    }

    /** The recent slice, oldest first; at the start it holds the anchor's examples too. */
    public List<LabeledExample> recent() {
        return List.copyOf(recent);
    }

    /** Every example held, once: the anchor's, then the recent ones the anchor does not hold, oldest first. */
    public List<LabeledExample> union() {
        List<LabeledExample> all = new ArrayList<>(anchor);
        for (LabeledExample example : recent) {
            if (!anchorIds.contains(example.getId())) {
                all.add(example);
            }
        }
        return all;
    }

    /** Number of distinct examples held, the two slices together (an example in both counts once). */
    public int size() {
        return ids.size();
    }

    /** Number of examples in the recent slice. */
    public int recentCount() {
        return recent.size();
    }

    /** Number of examples in the anchor slice. */
    public int anchorCount() {
        return anchor.size();
    }

    /** The true counts, as messages give them: {@code 37 examples (recent 37, anchor 37)}. */
    public String describeCounts() {
        return size() + " examples (recent " + recent.size() + ", anchor " + anchor.size() + ")";
    }

    /** SHA-256 over the ids of the anchor and recent examples, in order. */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (LabeledExample example : anchor) {
                digest.update(example.getId().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update((byte) 1);
            for (LabeledExample example : recent) {
                digest.update(example.getId().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private void trimRecent() {
        while (recent.size() > recentSize) {
            // An id is in the recent slice once at most, so it is gone from it; the anchor may still hold it.
            String id = recent.removeFirst().getId();
            if (!anchorIds.contains(id)) {
                ids.remove(id);
            }
        }
    }

    private static void requireSizes(int anchorSize, int recentSize) {
        if (anchorSize < 0 || recentSize < 1) {
            throw new IllegalArgumentException("anchorSize must be >= 0 and recentSize >= 1, got "
                    + anchorSize + " and " + recentSize);
        }
    }
}
