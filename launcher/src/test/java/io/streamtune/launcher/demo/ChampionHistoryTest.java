package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.launcher.demo.ChampionHistory.Outcome;
import io.streamtune.launcher.demo.RunRecord.ChampionScore;
import io.streamtune.launcher.demo.RunRecord.HeldOutScore;
import io.streamtune.launcher.demo.RunRecord.PromotionPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChampionHistoryTest {

    private static final List<PromotionPoint> PROMOTIONS = List.of(
            new PromotionPoint(60, "spam/a", 0.90, 0.89, "PROMOTION"),
            new PromotionPoint(120, "spam/b", 0.95, 0.94, "PROMOTION"),
            new PromotionPoint(180, "spam/c", 0.97, 0.96, "PROMOTION"),
            new PromotionPoint(240, "spam/a", 0.90, 0.89, "ROLLBACK"));
    private static final Map<String, Long> EXAMPLES_SEEN = Map.of("spam/a", 256L, "spam/b", 512L, "spam/c", 768L);

    private static Outcome scored(double accuracy, double macroF1) {
        return Outcome.scored(new HeldOutScore("champion", 200, accuracy, macroF1));
    }

    @Test
    void shouldListEveryPromotionInOrderWithItsHeldOutScoreAndTheChangeAgainstThePreviousChampion() {
        List<ChampionScore> table = ChampionHistory.table(PROMOTIONS, EXAMPLES_SEEN, Map.of(
                "spam/a", scored(0.90, 0.88), "spam/b", scored(0.93, 0.92), "spam/c", scored(0.92, 0.93)));

        assertThat(table).extracting(ChampionScore::modelVersion)
                .containsExactly("spam/a", "spam/b", "spam/c", "spam/a");
        assertThat(table).extracting(ChampionScore::examplesSeen).containsExactly(256L, 512L, 768L, 256L);
        assertThat(table).extracting(ChampionScore::kind)
                .containsExactly("PROMOTION", "PROMOTION", "PROMOTION", "ROLLBACK");
        assertThat(table.get(0).macroF1Change()).as("the first promotion replaced no model").isNaN();
        assertThat(table.get(0).accuracyChange()).isNaN();
        assertThat(table.get(1).macroF1Change()).isCloseTo(0.04, within(1e-9));
        assertThat(table.get(2).accuracyChange()).isCloseTo(-0.01, within(1e-9));
        assertThat(table.get(3).macroF1Change()).isCloseTo(-0.05, within(1e-9));
        assertThat(table).allSatisfy(row -> assertThat(row.missing()).isNull());
    }

    @Test
    void shouldCountPromotionsThatLoweredTheHeldOutMacroF1AndAccuracySeparately() {
        List<ChampionScore> table = ChampionHistory.table(PROMOTIONS, EXAMPLES_SEEN, Map.of(
                "spam/a", scored(0.90, 0.88), "spam/b", scored(0.93, 0.92), "spam/c", scored(0.92, 0.93)));

        // c lowered accuracy only; the rollback to a lowered both; the first promotion is never counted.
        assertThat(ChampionHistory.loweredMacroF1(table)).isEqualTo(1);
        assertThat(ChampionHistory.loweredAccuracy(table)).isEqualTo(2);
    }

    @Test
    void shouldNotCountAnEqualScoreAsLowered() {
        List<ChampionScore> table = ChampionHistory.table(PROMOTIONS.subList(0, 2), EXAMPLES_SEEN,
                Map.of("spam/a", scored(0.90, 0.88), "spam/b", scored(0.90, 0.88)));

        assertThat(ChampionHistory.loweredMacroF1(table)).isZero();
        assertThat(ChampionHistory.loweredAccuracy(table)).isZero();
    }

    @Test
    void shouldRecordAMissingCheckpointWithItsReasonAndJudgeNeitherItNorTheNextAgainstIt() {
        List<ChampionScore> table = ChampionHistory.table(PROMOTIONS.subList(0, 3), Map.of(), Map.of(
                "spam/a", scored(0.95, 0.95), "spam/b", Outcome.missing("checkpoint spam/b is no longer in the store"),
                "spam/c", scored(0.90, 0.90)));

        assertThat(table.get(1).missing()).isEqualTo("checkpoint spam/b is no longer in the store");
        assertThat(table.get(1).accuracy()).isNaN();
        assertThat(table.get(1).examples()).isZero();
        assertThat(table.get(1).macroF1Change()).isNaN();
        assertThat(table.get(2).macroF1Change()).as("unknown against a missing champion").isNaN();
        assertThat(table).extracting(ChampionScore::examplesSeen).containsOnly(0L);
        assertThat(ChampionHistory.loweredMacroF1(table)).isZero();
    }

    @Test
    void shouldMarkAVersionWithNoOutcomeAsNotScored() {
        List<ChampionScore> table = ChampionHistory.table(PROMOTIONS.subList(0, 1), EXAMPLES_SEEN, Map.of());

        assertThat(table.get(0).missing()).isEqualTo("not scored");
    }

    @Test
    void shouldRefuseAnOutcomeThatIsBothOrNeitherScoredAndMissing() {
        HeldOutScore score = new HeldOutScore("champion", 1, 1, 1);

        assertThatThrownBy(() -> new Outcome(score, "gone")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome(null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
