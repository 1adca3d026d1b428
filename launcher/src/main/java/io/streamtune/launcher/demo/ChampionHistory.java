package io.streamtune.launcher.demo;

import io.streamtune.launcher.demo.RunRecord.ChampionScore;
import io.streamtune.launcher.demo.RunRecord.HeldOutScore;
import io.streamtune.launcher.demo.RunRecord.PromotionPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The champion's held-out score at each promotion, and whether each promotion helped: pure, so tests build it from
 * constructed records. The first promotion has no change: before it the pipeline had no model to serve, and the
 * base model's linear probe (the report's reference line) is fitted on the last champion's training examples, so it
 * is not what the first champion replaced.
 */
public final class ChampionHistory {

    private ChampionHistory() {
    }

    /** One checkpoint's held-out result: its score, or why it has none. */
    public record Outcome(HeldOutScore score, String missing) {

        public Outcome {
            if ((score == null) == (missing == null)) {
                throw new IllegalArgumentException("an outcome is either a score or a reason it is missing");
            }
        }

        public static Outcome scored(HeldOutScore score) {
            return new Outcome(Objects.requireNonNull(score, "score"), null);
        }

        public static Outcome missing(String why) {
            return new Outcome(null, Objects.requireNonNull(why, "why"));
        }
    }

    /**
     * The table: one row per promotion event, in order, with the change against the previous event's champion.
     *
     * @param promotions   promotion events (rollbacks included) in the order they were published
     * @param examplesSeen examples each checkpoint was trained on, by model version; absent counts as 0
     * @param outcomes     each promoted version's held-out outcome; a version absent here is missing
     */
    public static List<ChampionScore> table(List<PromotionPoint> promotions, Map<String, Long> examplesSeen,
            Map<String, Outcome> outcomes) {
        List<ChampionScore> rows = new ArrayList<>(promotions.size());
        ChampionScore previous = null;
        for (PromotionPoint promotion : promotions) {
            String version = promotion.modelVersion();
            Outcome outcome = outcomes.getOrDefault(version, Outcome.missing("not scored"));
            HeldOutScore score = outcome.score();
            double accuracy = score == null ? Double.NaN : score.accuracy();
            double macroF1 = score == null ? Double.NaN : score.macroF1();
            ChampionScore row = new ChampionScore(promotion.seconds(), version, promotion.kind(),
                    examplesSeen.getOrDefault(version, 0L), score == null ? 0 : score.examples(), accuracy, macroF1,
                    previous == null ? Double.NaN : accuracy - previous.accuracy(),
                    previous == null ? Double.NaN : macroF1 - previous.macroF1(), outcome.missing());
            rows.add(row);
            previous = row;
        }
        return rows;
    }

    /** Promotions whose champion's held-out macro-F1 is lower than the previous champion's. */
    public static long loweredMacroF1(List<ChampionScore> table) {
        return lowered(table, ChampionScore::macroF1Change);
    }

    /** Promotions whose champion's held-out accuracy is lower than the previous champion's. */
    public static long loweredAccuracy(List<ChampionScore> table) {
        return lowered(table, ChampionScore::accuracyChange);
    }

    private static long lowered(List<ChampionScore> table, ToDoubleFunction<ChampionScore> change) {
        // NaN (first promotion, or a missing score) compares false: it is not counted as lowered.
        return table.stream().filter(row -> change.applyAsDouble(row) < 0).count();
    }
}
