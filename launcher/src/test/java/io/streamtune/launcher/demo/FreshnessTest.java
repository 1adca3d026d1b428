package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.schemas.OffsetRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    private static OffsetRange range(String topic, int partition, long first, long last) {
        return new OffsetRange(topic, partition, first, last);
    }

    @Test
    void shouldMeasureFromProductionToTheFirstEvaluationThatCoversAnExample() {
        Freshness freshness = new Freshness("examples");
        freshness.produced(0, 10, 1_000);
        freshness.produced(0, 11, 2_000);
        freshness.produced(1, 5, 3_000);

        freshness.evaluated(List.of(range("examples", 0, 10, 11)), 11_000);
        // A later checkpoint that also holds partition 0 does not change the first time.
        freshness.evaluated(List.of(range("examples", 0, 0, 11), range("examples", 1, 5, 5)), 23_000);

        assertThat(freshness.covered()).isEqualTo(3);
        assertThat(freshness.quantile(0.5)).isCloseTo(10.0, within(1e-9));
        assertThat(freshness.quantile(0.95)).isCloseTo(20.0, within(1e-9));
        assertThat(freshness.settled()).isTrue();
    }

    @Test
    void shouldIgnoreRangesOfOtherTopicsAndOffsetsNotProduced() {
        Freshness freshness = new Freshness("examples");
        freshness.produced(0, 10, 1_000);

        freshness.evaluated(List.of(range("other", 0, 0, 100), range("examples", 0, 11, 20)), 5_000);

        assertThat(freshness.covered()).isZero();
        assertThat(freshness.quantile(0.5)).isNaN();
        assertThat(freshness.settled()).isFalse();
    }

    @Test
    void shouldStopAwaitingADeadLetteredExample() {
        Freshness freshness = new Freshness("examples");
        freshness.produced(0, 10, 1_000);
        freshness.produced(0, 11, 1_000);

        freshness.deadLettered(0, 11);
        freshness.deadLettered(0, 99);
        assertThat(freshness.settled()).isFalse();
        freshness.evaluated(List.of(range("examples", 0, 10, 10)), 4_000);

        assertThat(freshness.settled()).isTrue();
        assertThat(freshness.deadLettered()).isEqualTo(1);
        assertThat(freshness.covered()).isEqualTo(1);
    }

    @Test
    void shouldMeasureServingSeparatelyFromEvaluation() {
        Freshness freshness = new Freshness("examples");
        freshness.produced(0, 10, 1_000);
        freshness.produced(0, 11, 2_000);

        freshness.evaluated(List.of(range("examples", 0, 10, 11)), 6_000);
        freshness.reached(Freshness.Stage.SERVED, List.of(range("examples", 0, 10, 10)), 9_000);

        assertThat(freshness.covered(Freshness.Stage.EVALUATED)).isEqualTo(2);
        assertThat(freshness.covered(Freshness.Stage.SERVED)).isEqualTo(1);
        assertThat(freshness.quantile(Freshness.Stage.SERVED, 0.5)).isCloseTo(8.0, within(1e-9));
        assertThat(freshness.quantile(0.5)).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void shouldNoLongerAwaitADeadLetteredExampleAtAnyStage() {
        Freshness freshness = new Freshness("examples");
        freshness.produced(0, 10, 1_000);

        freshness.deadLettered(0, 10);
        freshness.reached(Freshness.Stage.SERVED, List.of(range("examples", 0, 10, 10)), 9_000);

        assertThat(freshness.deadLettered()).isEqualTo(1);
        assertThat(freshness.covered(Freshness.Stage.SERVED)).isZero();
    }
}
