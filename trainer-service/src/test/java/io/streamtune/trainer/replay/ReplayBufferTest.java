package io.streamtune.trainer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    @Test
    void shouldHoldEverythingUntilFull() {
        ReplayBuffer<Integer> buffer = new ReplayBuffer<>(5, 1);
        for (int i = 0; i < 3; i++) {
            buffer.offer(i);
        }

        assertThat(buffer.sample(10)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(buffer.seen()).isEqualTo(3);
    }

    @Test
    void shouldStayWithinCapacity() {
        ReplayBuffer<Integer> buffer = new ReplayBuffer<>(50, 7);
        for (int i = 0; i < 10_000; i++) {
            buffer.offer(i);
        }

        assertThat(buffer.size()).isEqualTo(50);
        assertThat(buffer.sample(50)).doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepOldAndNewExamplesAlikeInTheLongRun() {
        // Each of 10,000 items is held with probability 1,000/10,000; the first half should hold about half.
        ReplayBuffer<Integer> buffer = new ReplayBuffer<>(1_000, 42);
        for (int i = 0; i < 10_000; i++) {
            buffer.offer(i);
        }

        long fromFirstHalf = buffer.sample(1_000).stream().filter(i -> i < 5_000).count();

        // Binomial(1000, 0.5): mean 500, sd 16; 6 sd either side would fail once in ~10^9 seeds.
        assertThat(fromFirstHalf).isBetween(400L, 600L);
    }

    @Test
    void shouldBehaveIdenticallyAfterARestoreFromSnapshot() {
        ReplayBuffer<Integer> uninterrupted = new ReplayBuffer<>(20, 99);
        ReplayBuffer<Integer> interrupted = new ReplayBuffer<>(20, 99);
        for (int i = 0; i < 500; i++) {
            uninterrupted.offer(i);
            interrupted.offer(i);
        }
        uninterrupted.sample(5);
        interrupted.sample(5);

        ReplayBuffer<Integer> restored = ReplayBuffer.restore(interrupted.snapshot());
        List<List<Integer>> expected = new ArrayList<>();
        List<List<Integer>> actual = new ArrayList<>();
        for (int i = 500; i < 900; i++) {
            uninterrupted.offer(i);
            restored.offer(i);
            if (i % 100 == 0) {
                expected.add(uninterrupted.sample(8));
                actual.add(restored.sample(8));
            }
        }

        assertThat(actual).isEqualTo(expected);
        assertThat(restored.snapshot()).isEqualTo(uninterrupted.snapshot());
    }

    @Test
    void shouldDifferForDifferentSeeds() {
        ReplayBuffer<Integer> a = new ReplayBuffer<>(10, 1);
        ReplayBuffer<Integer> b = new ReplayBuffer<>(10, 2);
        for (int i = 0; i < 1_000; i++) {
            a.offer(i);
            b.offer(i);
        }

        assertThat(a.snapshot().items()).isNotEqualTo(b.snapshot().items());
    }

    @Test
    void shouldHoldNothingWithZeroCapacity() {
        ReplayBuffer<String> buffer = new ReplayBuffer<>(0, 1);
        buffer.offer("x");

        assertThat(buffer.sample(3)).isEmpty();
        assertThat(buffer.seen()).isEqualTo(1);
    }

    @Test
    void shouldRejectAnInconsistentSnapshot() {
        assertThatThrownBy(() -> ReplayBuffer.restore(new ReplayBuffer.Snapshot<>(1, List.of("a", "b"), 2, 0)))
                .hasMessageContaining("Inconsistent replay state");
    }
}
