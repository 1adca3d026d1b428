package io.streamtune.evaluator.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.schemas.LabeledExample;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValidationSetTest {

    @Test
    void shouldKeepTheFirstExamplesAsAnchorAndTheNewestAsRecent() {
        ValidationSet set = new ValidationSet(2, 3);

        for (int i = 1; i <= 8; i++) {
            set.add(example("e" + i));
        }

        assertThat(set.anchor()).extracting(LabeledExample::getId).containsExactly("e1", "e2");
        assertThat(set.recent()).extracting(LabeledExample::getId).containsExactly("e6", "e7", "e8");
        assertThat(set.size()).isEqualTo(5);
    }

    @Test
    void shouldLetTheRecentSliceHoldTheFirstExamplesWhileTheyAreAmongTheNewest() {
        ValidationSet set = new ValidationSet(3, 5);
        set.add(example("e1"));
        set.add(example("e2"));

        assertThat(set.anchor()).extracting(LabeledExample::getId).containsExactly("e1", "e2");
        assertThat(set.recent()).extracting(LabeledExample::getId).containsExactly("e1", "e2");
        assertThat(set.size()).as("an example in both slices is held once").isEqualTo(2);
        assertThat(set.union()).extracting(LabeledExample::getId).containsExactly("e1", "e2");

        for (int i = 3; i <= 6; i++) {
            set.add(example("e" + i));
        }

        assertThat(set.anchor()).extracting(LabeledExample::getId).containsExactly("e1", "e2", "e3");
        assertThat(set.recent()).extracting(LabeledExample::getId).containsExactly("e2", "e3", "e4", "e5", "e6");
        assertThat(set.size()).isEqualTo(6);
        assertThat(set.union()).extracting(LabeledExample::getId)
                .containsExactly("e1", "e2", "e3", "e4", "e5", "e6");
    }

    @Test
    void shouldHoldAnIdUntilItIsInNeitherSlice() {
        ValidationSet set = filled(1, 2, "a", "b", "c");

        assertThat(set.recent()).extracting(LabeledExample::getId).containsExactly("b", "c");
        assertThat(set.add(example("a"))).as("a left the recent slice but the anchor still holds it").isFalse();

        set.add(example("d"));
        assertThat(set.add(example("b"))).as("b is in neither slice any more").isTrue();
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void shouldDescribeTheTrueCountsOfBothSlices() {
        ValidationSet set = new ValidationSet(50, 100);
        for (int i = 0; i < 37; i++) {
            set.add(example("e" + i));
        }

        assertThat(set.describeCounts()).isEqualTo("37 examples (recent 37, anchor 37)");
        assertThat(set.recentCount()).isEqualTo(37);
        assertThat(set.anchorCount()).isEqualTo(37);
    }

    @Test
    void shouldResizeKeepingTheOldestAsAnchorAndDroppingTheOldestRecent() {
        ValidationSet set = new ValidationSet(2, 3);
        for (int i = 1; i <= 5; i++) {
            set.add(example("e" + i));
        }

        set.resize(3, 1);
        assertThat(set.anchor()).as("the anchor grows by the oldest recent example it lacked")
                .extracting(LabeledExample::getId).containsExactly("e1", "e2", "e3");
        assertThat(set.recent()).extracting(LabeledExample::getId).containsExactly("e5");
        assertThat(set.add(example("e4"))).as("an id dropped by the resize is no longer held").isTrue();
        assertThat(set.recent()).extracting(LabeledExample::getId).containsExactly("e4");

        set.resize(1, 2);
        assertThat(set.anchor()).extracting(LabeledExample::getId).containsExactly("e1");
        assertThat(set.add(example("e2"))).as("an id the shrunk anchor let go is no longer held").isTrue();
        assertThat(set.recent()).extracting(LabeledExample::getId).containsExactly("e4", "e2");
        assertThat(set.size()).isEqualTo(3);
        assertThatThrownBy(() -> set.resize(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldIgnoreAnExampleWhoseIdIsAlreadyHeld() {
        ValidationSet set = new ValidationSet(1, 5);
        set.add(example("a"));
        set.add(example("b"));
        String before = set.fingerprint();

        assertThat(set.add(example("a"))).isFalse();
        assertThat(set.add(example("b"))).isFalse();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.fingerprint()).isEqualTo(before);
    }

    @Test
    void shouldAcceptAnIdAgainOnceItHasLeftTheRecentWindow() {
        ValidationSet set = new ValidationSet(0, 2);
        set.add(example("a"));
        set.add(example("b"));
        set.add(example("c"));

        assertThat(set.add(example("a"))).isTrue();
        assertThat(set.recent()).extracting(LabeledExample::getId).containsExactly("c", "a");
    }

    @Test
    void shouldChangeFingerprintWhenContentChanges() {
        ValidationSet set = new ValidationSet(1, 2);
        set.add(example("a"));
        String one = set.fingerprint();
        set.add(example("b"));

        assertThat(set.fingerprint()).isNotEqualTo(one);
    }

    @Test
    void shouldGiveSameFingerprintForSameContent() {
        ValidationSet first = new ValidationSet(1, 2);
        ValidationSet second = new ValidationSet(1, 2);
        for (String id : new String[] {"x", "y", "z"}) {
            first.add(example(id));
            second.add(example(id));
        }

        assertThat(first.fingerprint()).isEqualTo(second.fingerprint());
    }

    @Test
    void shouldRejectAnEmptyRecentWindow() {
        assertThatThrownBy(() -> new ValidationSet(10, 0)).hasMessageContaining("recentSize");
    }

    private static ValidationSet filled(int anchorSize, int recentSize, String... ids) {
        ValidationSet set = new ValidationSet(anchorSize, recentSize);
        for (String id : ids) {
            set.add(example(id));
        }
        return set;
    }

    private static LabeledExample example(String id) {
        return LabeledExample.newBuilder().setId(id).setTask("spam").setText("text " + id).setLabel("ham")
                .setEventTime(Instant.ofEpochMilli(0)).build();
    }
}
