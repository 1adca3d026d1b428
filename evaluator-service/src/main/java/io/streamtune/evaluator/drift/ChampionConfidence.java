package io.streamtune.evaluator.drift;

import io.streamtune.evaluator.gate.ScoredModel;
import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.evaluator.scoring.Scoring;
import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.schemas.LabeledExample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The champion's confidences an evaluation already computed, split for the confidence signal: the <em>window</em> is
 * the newest {@code windowSize} examples of the recent slice, the <em>reference</em> every other example held (the
 * anchor slice and the older recent examples), each example once. No model is run: the rows come from the champion's
 * {@link Scoring}, whose predictions follow the slices' order.
 *
 * @param window    confidences on the newest examples
 * @param reference confidences on the other examples held
 * @param classes   the champion's number of classes
 */
public record ChampionConfidence(double[] window, double[] reference, int classes) {

    /**
     * Splits {@code champion}'s predictions on {@code validation}; empty when the champion was not scored (or its
     * predictions do not match the slices, e.g. the set changed since).
     */
    public static Optional<ChampionConfidence> of(Scoring champion, ValidationSet validation, int windowSize) {
        if (champion == null || !(champion.model() instanceof ScoredModel.Scored scored)
                || scored.predictions() == null) {
            return Optional.empty();
        }
        Predictions recentRows = scored.predictions();
        List<LabeledExample> recent = validation.recent();
        List<LabeledExample> anchor = validation.anchor();
        Predictions anchorRows = champion.anchorPredictions();
        if (recentRows.size() != recent.size() || (anchorRows == null ? 0 : anchorRows.size()) != anchor.size()) {
            return Optional.empty();
        }
        int windowStart = Math.max(0, recent.size() - windowSize);
        Set<String> windowIds = ids(recent.subList(windowStart, recent.size()));
        Set<String> anchorIds = ids(anchor);
        List<Double> reference = new ArrayList<>();
        for (int i = 0; i < anchor.size(); i++) {
            // Anchor and recent slices may overlap at the start; an example counts once, on the window's side.
            if (!windowIds.contains(anchor.get(i).getId())) {
                reference.add(anchorRows.confidence(i));
            }
        }
        for (int i = 0; i < windowStart; i++) {
            if (!anchorIds.contains(recent.get(i).getId())) {
                reference.add(recentRows.confidence(i));
            }
        }
        return Optional.of(new ChampionConfidence(DriftMonitor.confidences(recentRows, windowStart, recent.size()),
                reference.stream().mapToDouble(Double::doubleValue).toArray(), recentRows.labels().size()));
    }

    private static Set<String> ids(List<LabeledExample> examples) {
        Set<String> ids = new HashSet<>();
        examples.forEach(example -> ids.add(example.getId()));
        return ids;
    }
}
