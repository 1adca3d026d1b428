package io.streamtune.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final RetentionPolicy KEEP_3_NEWEST_2_CHAMPIONS = new RetentionPolicy(3, 2);

    /** Ten checkpoints of task spam at steps 10, 20, ..., 100. */
    private static final List<String> TEN = steps(10);

    @Test
    void shouldKeepOnlyTheNewestWhenNothingIsPromotedOrPending() {
        RetentionPlan plan = KEEP_3_NEWEST_2_CHAMPIONS.plan("spam", TEN, ProtectedCheckpoints.none(at(100)));

        assertThat(deleted(plan)).containsExactlyInAnyOrderElementsOf(TEN.subList(0, 7));
        assertThat(plan.delete()).allSatisfy(d -> assertThat(d.reason()).contains("not one of the last"));
    }

    @Test
    void shouldNeverDeleteTheChampionHoweverOld() {
        ProtectedCheckpoints protection = new ProtectedCheckpoints(at(10), List.of(at(10)), Set.of(), at(100));

        RetentionPlan plan = new RetentionPolicy(1, 0).plan("spam", TEN, protection);

        assertThat(deleted(plan)).doesNotContain(at(10), at(100)).hasSize(8);
    }

    @Test
    void shouldKeepTheLastNChampionsAsRollbackTargetsAndDeleteOlderOnes() {
        // Champions over time: 10, 30, 50, 70 (current); N = 2 keeps 50 and 30 besides 70.
        ProtectedCheckpoints protection = new ProtectedCheckpoints(at(70),
                List.of(at(70), at(50), at(30), at(10)), Set.of(), at(100));

        RetentionPlan plan = KEEP_3_NEWEST_2_CHAMPIONS.plan("spam", TEN, protection);

        assertThat(deleted(plan)).containsExactlyInAnyOrder(at(10), at(20), at(40), at(60));
        assertThat(plan.delete()).filteredOn(d -> d.location().equals(at(10))).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("champion before the last 2"));
    }

    @Test
    void shouldKeepANewlyPromotedCheckpointWhosePromotionWasNotReadYet() {
        // The evaluation of 60 (promoted) was read, its promotion not yet: the promotions topic still says 30.
        ProtectedCheckpoints protection = new ProtectedCheckpoints(at(30), List.of(at(60), at(30)), Set.of(),
                at(100));

        RetentionPlan plan = new RetentionPolicy(1, 0).plan("spam", TEN, protection);

        assertThat(deleted(plan)).doesNotContain(at(30), at(60), at(100));
    }

    @Test
    void shouldKeepEveryCheckpointTheEvaluatorHasNotJudgedYet() {
        Map<String, Long> committed = new LinkedHashMap<>();
        TEN.forEach(location -> committed.put(location, step(location)));
        Set<String> pending = RetentionPolicy.pending(committed, at(40));

        RetentionPlan plan = new RetentionPolicy(1, 0).plan("spam", TEN,
                new ProtectedCheckpoints(null, List.of(), pending, at(100)));

        assertThat(pending).containsExactlyInAnyOrderElementsOf(TEN.subList(4, 10));
        assertThat(deleted(plan)).containsExactlyInAnyOrderElementsOf(TEN.subList(0, 4));
    }

    @Test
    void shouldCountEveryCheckpointAsPendingUntilTheFirstEvaluation() {
        Map<String, Long> committed = Map.of(at(10), 10L, at(20), 20L);

        assertThat(RetentionPolicy.pending(committed, null)).containsExactlyInAnyOrder(at(10), at(20));
        assertThat(RetentionPolicy.pending(committed, "spam/unknown")).containsExactlyInAnyOrder(at(10), at(20));
        assertThat(RetentionPolicy.pending(committed, at(20))).isEmpty();
    }

    @Test
    void shouldNotDeleteAFolderItCannotParseNorAnotherTasksCheckpoints() {
        List<String> stored = new ArrayList<>(TEN);
        stored.addAll(List.of("spam/manual-backup", "spam/000000000005", "spam/nested/000000000001-0000abcd",
                "news/000000000001-0000abcd", "spam-old/000000000001-0000abcd"));

        RetentionPlan plan = new RetentionPolicy(1, 0).plan("spam", stored, ProtectedCheckpoints.none(at(100)));

        assertThat(deleted(plan)).containsExactlyInAnyOrderElementsOf(TEN.subList(0, 9));
    }

    @Test
    void shouldDropOptimizerStateOfKeptCheckpointsOlderThanTheOneTrainingResumesFrom() {
        ProtectedCheckpoints protection = new ProtectedCheckpoints(at(20), List.of(at(20)), Set.of(), at(100));

        RetentionPlan plan = KEEP_3_NEWEST_2_CHAMPIONS.plan("spam", TEN, protection);

        assertThat(plan.dropOptimizerState()).containsExactlyInAnyOrder(at(20), at(80), at(90));
    }

    @Test
    void shouldRefuseSettingsThatKeepNoCheckpoint() {
        assertThatThrownBy(() -> new RetentionPolicy(0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionPolicy(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> deleted(RetentionPlan plan) {
        return plan.delete().stream().map(RetentionPlan.Deletion::location).toList();
    }

    private static List<String> steps(int count) {
        List<String> locations = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            locations.add(at(10L * i));
        }
        return locations;
    }

    private static String at(long step) {
        return String.format("spam/%012d-%08x", step, step * 7919);
    }

    private static long step(String location) {
        return Long.parseLong(location.substring(5, 17));
    }
}
