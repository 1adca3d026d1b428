package io.streamtune.launcher.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.model.LabeledText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StratifiedTest {

    @Test
    void shouldGiveEachLabelItsShareAndTheRoundingToTheLargestRemainder() {
        List<LabeledText> pool = pool(7, 3); // 70% a, 30% b

        List<LabeledText> sample = Stratified.sample(pool, 5); // exact 3.5 a, 1.5 b: one of them gets the rest

        assertThat(sample).hasSize(5);
        assertThat(Stratified.countByLabel(sample)).isIn(Map.of("a", 4, "b", 1), Map.of("a", 3, "b", 2));
        assertThat(Stratified.countByLabel(Stratified.sample(pool(80, 20), 10))).isEqualTo(Map.of("a", 8, "b", 2));
    }

    @Test
    void shouldKeepThePoolsOrderAndTakeTheFirstOfEachLabel() {
        List<LabeledText> pool = pool(6, 4);

        List<LabeledText> sample = Stratified.sample(pool, 5);

        assertThat(sample).isSortedAccordingTo((x, y) -> Integer.compare(pool.indexOf(x), pool.indexOf(y)));
        assertThat(sample).contains(pool.get(0), pool.get(1));
    }

    @Test
    void shouldReturnTheWholePoolWhenItIsSmallerThanTheSample() {
        List<LabeledText> pool = pool(3, 1);

        assertThat(Stratified.sample(pool, 10)).isEqualTo(pool);
    }

    /** {@code a} examples labelled a and {@code b} labelled b, interleaved. */
    private static List<LabeledText> pool(int a, int b) {
        List<LabeledText> pool = new ArrayList<>();
        for (int i = 0; i < Math.max(a, b); i++) {
            if (i < a) {
                pool.add(new LabeledText("a" + i, "a"));
            }
            if (i < b) {
                pool.add(new LabeledText("b" + i, "b"));
            }
        }
        return pool;
    }
}
