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
 * that forgetting of older data shows, and the most recent examples, which track the stream as it drifts.
 *
 * <p>An example id is held at most once; a re-sent example is ignored. The {@link #fingerprint()} changes
 * whenever the content changes, so a cached champion score can be reused exactly as long as it is still valid.
 * Not thread-safe: one evaluator thread owns it.
 */
public final class ValidationSet {

    private int anchorSize;
    private int recentSize;
    private final List<LabeledExample> anchor = new ArrayList<>();
    private final Deque<LabeledExample> recent = new ArrayDeque<>();
    private final Set<String> ids = new HashSet<>();

    /**
     * @param anchorSize how many of the first examples to keep forever (0 for none)
     * @param recentSize how many of the most recent examples to keep (at least 1)
     */
    public ValidationSet(int anchorSize, int recentSize) {
        if (anchorSize < 0 || recentSize < 1) {
            throw new IllegalArgumentException("anchorSize must be >= 0 and recentSize >= 1, got "
                    + anchorSize + " and " + recentSize);
        }
        this.anchorSize = anchorSize;
        this.recentSize = recentSize;
    }

    /** Adds an example; returns false when its id is already held. */
    public boolean add(LabeledExample example) {
        String id = example.getId();
        if (id == null || !ids.add(id)) {
            return false;
        }
        if (anchor.size() < anchorSize) {
            anchor.add(example);
        } else {
            recent.addLast(example);
            if (recent.size() > recentSize) {
                ids.remove(recent.removeFirst().getId());
            }
        }
        return true;
    }

    /**
     * Changes the sizes, keeping the examples in arrival order: the anchor stays the oldest examples held (it takes
     * the oldest recent ones when it grows, and gives its newest to the recent ones when it shrinks), and the oldest
     * recent examples go when there are too many. Examples already gone are not recovered.
     */
    public void resize(int newAnchorSize, int newRecentSize) {
        if (newAnchorSize < 0 || newRecentSize < 1) {
            throw new IllegalArgumentException("anchorSize must be >= 0 and recentSize >= 1, got "
                    + newAnchorSize + " and " + newRecentSize);
        }
        anchorSize = newAnchorSize;
        recentSize = newRecentSize;
        while (anchor.size() > anchorSize) {
            recent.addFirst(anchor.remove(anchor.size() - 1));
        }
        while (anchor.size() < anchorSize && !recent.isEmpty()) {
            anchor.add(recent.removeFirst());
        }
        while (recent.size() > recentSize) {
            ids.remove(recent.removeFirst().getId());
        }
    }

    /** The anchor slice, oldest first. */
    public List<LabeledExample> anchor() {
        return Collections.unmodifiableList(anchor);
    }

    /** The recent examples, oldest first. */
    public List<LabeledExample> recent() {
        return List.copyOf(recent);
    }

    /** Number of examples held, anchor and recent together. */
    public int size() {
        return anchor.size() + recent.size();
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
}
