package io.streamtune.evaluator.gate;

import io.streamtune.schemas.Metrics;
import java.util.Objects;

/** A model the gate looks at: either scored on the validation set, or not scorable, with the reason why. */
public sealed interface ScoredModel {

    /** Checkpoint id, or {@code null} for the pre-trained base model. */
    String version();

    /** Display name: the version, or {@code base model}. */
    default String displayName() {
        return version() == null ? "base model" : version();
    }

    /** The model loaded and was scored. */
    record Scored(String version, Metrics metrics) implements ScoredModel {
        public Scored {
            Objects.requireNonNull(metrics, "metrics");
        }
    }

    /**
     * The model could not be scored: its files are missing or unreadable, or its location points outside the
     * checkpoint store.
     */
    record Unavailable(String version, String reasonCode, String reason) implements ScoredModel {
    }
}
