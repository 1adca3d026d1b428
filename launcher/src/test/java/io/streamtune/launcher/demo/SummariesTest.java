package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummariesTest {

    private static RunRecord.Summary summary(long accepted, List<RunRecord.HeldOutScore> heldOut) {
        return new RunRecord.Summary(Map.of("duplicate", 3L, "good", 90L, "bad", 7L), accepted, 7, 3, heldOut,
                40, 95, 80, new RunRecord.ServingSummary(300, 1, 12, 598, 0.95, 2, 30, 70, 75, 120, 900),
                "10 minutes elapsed", List.of(), 0, 0);
    }

    private static List<String> print(RunRecord.Summary summary) {
        List<String> lines = new ArrayList<>();
        Summaries.print(new RunRecord("demo", Instant.EPOCH, List.of(), List.of(),
                List.of(new RunRecord.PromotionPoint(65, "spam/0004", 0.95, 0.94, "PROMOTION")), List.of(), summary,
                null),
                lines::add);
        return lines;
    }

    @Test
    void shouldShowThatCountsBalanceAndKindsInReplayOrder() {
        String text = String.join("\n", print(summary(90, List.of())));

        assertThat(text).contains("records sent 100 (good 90, bad 7, duplicate 3)",
                "accepted 90 + dead-lettered 7 + duplicates 3 = 100  (balances)", "1:05  PROMOTION spam/0004",
                "p50 40 s, p95 95 s over 80 training examples");
    }

    @Test
    void shouldReportWhatTheServedChampionAnsweredAndItsFreshness() {
        String text = String.join("\n", print(summary(90, List.of())));

        assertThat(text).contains("300 requests (1 failed, 12 before any champion was loaded): 598 held-out emails "
                + "answered by 2 model version(s), live accuracy 0.9500, latency p50 120 ms, p99 900 ms",
                "freshness to serving (production → first answer by a model trained on it): p50 30 s, p95 70 s over "
                        + "75 training examples");
    }

    @Test
    void shouldSayLoudlyWhenCountsDoNotBalance() {
        assertThat(String.join("\n", print(summary(88, List.of())))).contains("DOES NOT BALANCE: 2 unaccounted");
    }

    @Test
    void shouldListEachPromotionsHeldOutScoreAndCountThoseThatLoweredIt() {
        RunRecord.Summary base = summary(90, List.of());
        List<RunRecord.ChampionScore> champions = List.of(
                new RunRecord.ChampionScore(65, "spam/0004", "PROMOTION", 256, 100, 0.95, 0.94, Double.NaN,
                        Double.NaN, null),
                new RunRecord.ChampionScore(130, "spam/0008", "PROMOTION", 512, 100, 0.93, 0.91, -0.02, -0.03, null),
                new RunRecord.ChampionScore(190, "spam/0012", "PROMOTION", 768, 0, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, "checkpoint spam/0012 is no longer in the store"));
        RunRecord.Summary withChampions = new RunRecord.Summary(base.produced(), base.accepted(), base.deadLettered(),
                base.duplicates(), base.heldOut(), base.freshnessP50(), base.freshnessP95(), base.freshExamples(),
                base.serving(), base.endedBecause(), champions, 1, 1);

        String text = String.join("\n", print(withChampions));

        assertThat(text).containsSubsequence("champion at each promotion, on the held-out part",
                "1:05 PROMOTION spam/0004 (256 examples seen)", "0.9500    0.9400         -",
                "2:10 PROMOTION spam/0008 (512 examples seen)", "0.9300    0.9100   -0.0300",
                "3:10 PROMOTION spam/0012 (768 examples seen)", "MISSING: checkpoint spam/0012 is no longer in the "
                        + "store",
                "promotions that LOWERED the held-out score: 1 of 1 on macro-F1, 1 on accuracy");
    }

    @Test
    void shouldPrintNoChampionTableWhenNoneWasScored() {
        assertThat(String.join("\n", print(summary(90, List.of())))).doesNotContain("LOWERED");
    }

    @Test
    void shouldStateTheCheckpointStoresDiskUse() {
        assertThat(Summaries.checkpointStore(3L * 1048576 + 524288, 4))
                .isEqualTo("checkpoint store: 3.5 MiB on disk in 4 checkpoint(s) kept by retention");
    }

    @Test
    void shouldCompareTheChampionWithTheBaseModel() {
        List<RunRecord.HeldOutScore> better = List.of(new RunRecord.HeldOutScore("champion spam/0004", 100, 0.97, 0.96),
                new RunRecord.HeldOutScore("base model + linear probe", 100, 0.93, 0.91));
        List<RunRecord.HeldOutScore> worse = List.of(new RunRecord.HeldOutScore("champion spam/0004", 100, 0.90, 0.88),
                new RunRecord.HeldOutScore("base model + linear probe", 100, 0.93, 0.91));

        assertThat(Summaries.verdict(summary(90, better))).hasValueSatisfying(
                line -> assertThat(line).contains("beats the base model", "by 0.0500"));
        assertThat(Summaries.verdict(summary(90, worse))).hasValueSatisfying(
                line -> assertThat(line).contains("does NOT beat", "by 0.0300"));
        assertThat(Summaries.verdict(summary(90, better.subList(0, 1)))).isEmpty();
    }
}
