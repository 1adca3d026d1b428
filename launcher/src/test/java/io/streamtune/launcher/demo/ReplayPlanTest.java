package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.data.Dataset;
import io.streamtune.schemas.Split;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private static final Dataset DATA = new Dataset("mail", LabelMap.of("ham", "spam"),
            texts("train", 800), texts("validation", 100), texts("test", 200));

    private static List<LabeledText> texts(String part, int n) {
        return IntStream.range(0, n).mapToObj(i -> new LabeledText(part + " email " + i, i % 3 == 0 ? "spam" : "ham"))
                .toList();
    }

    @Test
    void shouldSendTrainAndValidationPartsWithTheirExplicitSplitAndNeverTheTestPart() {
        ReplayPlan plan = ReplayPlan.of(DATA, "spam", 500, 50, 0.02, 0.01, 7);

        List<ReplayPlan.Item> good = plan.items().stream().filter(i -> i.kind() == ReplayPlan.Kind.GOOD).toList();
        assertThat(good).hasSize(550);
        assertThat(good.stream().filter(ReplayPlan.Item::train)).hasSize(500)
                .allMatch(i -> i.example().getSplit() == Split.TRAIN);
        assertThat(good.stream().filter(i -> !i.train())).hasSize(50)
                .allMatch(i -> i.example().getSplit() == Split.VALIDATION);
        assertThat(plan.items()).noneMatch(i -> i.example() != null && i.example().getText().startsWith("test"));
        assertThat(plan.training()).isEqualTo(500);
    }

    @Test
    void shouldMixInBadRecordsOfEveryKindAndDuplicatesOfEarlierGoodOnes() {
        ReplayPlan plan = ReplayPlan.of(DATA, "spam", 800, 100, 0.05, 0.03, 7);

        assertThat(plan.bad()).isBetween(25, 75);
        assertThat(plan.duplicates()).isBetween(12, 50);
        assertThat(plan.size()).isEqualTo(plan.good() + plan.bad() + plan.duplicates());
        assertThat(plan.items().stream().filter(i -> i.kind() == ReplayPlan.Kind.BAD).map(ReplayPlan.Item::key)
                .map(key -> key.substring(key.indexOf('-', "demo-bad/".length()) + 1)).distinct())
                .hasSize(ReplayPlan.Defect.values().length);
        Set<String> sentBefore = new HashSet<>();
        for (ReplayPlan.Item item : plan.items()) {
            if (item.kind() == ReplayPlan.Kind.DUPLICATE) {
                assertThat(sentBefore).contains(item.key());
                assertThat(item.train()).isFalse();
            }
            sentBefore.add(item.key());
        }
        assertThat(plan.items()).filteredOn(i -> i.kind() == ReplayPlan.Kind.BAD)
                .allMatch(i -> !i.train() && (i.raw() != null) == (i.example() == null));
    }

    @Test
    void shouldBeDeterministicForASeed() {
        List<String> first = keys(ReplayPlan.of(DATA, "spam", 300, 30, 0.02, 0.01, 11));
        List<String> again = keys(ReplayPlan.of(DATA, "spam", 300, 30, 0.02, 0.01, 11));
        List<String> other = keys(ReplayPlan.of(DATA, "spam", 300, 30, 0.02, 0.01, 12));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldRefuseFractionsOutOfRange() {
        assertThatThrownBy(() -> ReplayPlan.of(DATA, "spam", 10, 10, 0.6, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fractions");
    }

    private static List<String> keys(ReplayPlan plan) {
        List<String> keys = new ArrayList<>();
        plan.items().forEach(item -> keys.add(item.kind() + ":" + item.key()));
        return keys;
    }
}
