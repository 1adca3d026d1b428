package io.streamtune.evaluator.gate;

import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.evaluator.scoring.Scoring;
import io.streamtune.schemas.Metrics;

/** Reads a rule's slice (recent or anchor) from a model's scores; {@code null} where that slice was not scored. */
final class Slices {

    private Slices() {
    }

    /** The metrics of {@code metric}'s slice, or {@code null}. */
    static Metrics metrics(Scoring scoring, MetricName metric) {
        return scoring == null ? null : metric.anchor() ? scoring.anchor() : scoring.recent();
    }

    /** The per-example predictions of {@code metric}'s slice, or {@code null}. */
    static Predictions predictions(Scoring scoring, MetricName metric) {
        if (scoring == null) {
            return null;
        }
        if (metric.anchor()) {
            return scoring.anchorPredictions();
        }
        return scoring.model() instanceof ScoredModel.Scored scored ? scored.predictions() : null;
    }

    /** {@code metric} read on its slice of {@code scoring}; the caller made sure the slice was scored. */
    static double value(Scoring scoring, MetricName metric) {
        return metric.of(metrics(scoring, metric));
    }
}
