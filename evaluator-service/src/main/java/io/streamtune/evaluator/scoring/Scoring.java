package io.streamtune.evaluator.scoring;

import io.streamtune.evaluator.gate.ScoredModel;
import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.schemas.Metrics;

/**
 * A model's scores on one validation set.
 *
 * @param model  scored on the recent examples (what the gate judges), or unavailable with the reason
 * @param anchor metrics on the anchor slice, or {@code null} when the slice is empty or the model unavailable
 * @param anchorPredictions per-example predictions on the anchor slice, or {@code null} with {@code anchor}
 */
public record Scoring(ScoredModel model, Metrics anchor, Predictions anchorPredictions) {

    /** A model that could not be scored. */
    public static Scoring unavailable(String version, Unavailability code, String reason) {
        return new Scoring(new ScoredModel.Unavailable(version, code.name(), reason), null, null);
    }

    /** The recent-set metrics, or {@code null} when the model could not be scored. */
    public Metrics recent() {
        return model instanceof ScoredModel.Scored scored ? scored.metrics() : null;
    }
}
