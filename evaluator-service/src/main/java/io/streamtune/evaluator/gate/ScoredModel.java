package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.metrics.Predictions;
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

    /**
     * The model loaded and was scored.
     *
     * @param metrics     on the examples the gate judges
     * @param predictions per example, the ones {@code metrics} were computed from; {@code null} when only the
     *                    metrics are known (rules that compare examples pairwise then cannot be checked)
     */
    record Scored(String version, Metrics metrics, Predictions predictions) implements ScoredModel {
        public Scored {
            Objects.requireNonNull(metrics, "metrics");
        }

        /** Scored with metrics alone. */
        public Scored(String version, Metrics metrics) {
            this(version, metrics, null);
        }
    }

    /**
     * The model could not be scored: its files are missing or unreadable, or its location points outside the
     * checkpoint store.
     */
    record Unavailable(String version, String reasonCode, String reason) implements ScoredModel {
    }
}
