package io.streamtune.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void shouldWarmUpLinearlyThenDecayToZero() {
        assertThat(LrSchedule.LINEAR.rate(1.0, 1, 10, 110)).isCloseTo(0.1, within(1e-12));
        assertThat(LrSchedule.LINEAR.rate(1.0, 10, 10, 110)).isCloseTo(1.0, within(1e-12));
        assertThat(LrSchedule.LINEAR.rate(1.0, 60, 10, 110)).isCloseTo(0.5, within(1e-12));
        assertThat(LrSchedule.LINEAR.rate(1.0, 110, 10, 110)).isCloseTo(0.0, within(1e-12));
        assertThat(LrSchedule.LINEAR.rate(1.0, 500, 10, 110)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldFollowAHalfCosineAfterWarmup() {
        assertThat(LrSchedule.COSINE.rate(2.0, 60, 10, 110)).isCloseTo(1.0, within(1e-12));
        assertThat(LrSchedule.COSINE.rate(2.0, 35, 10, 110))
                .isCloseTo(1.0 + Math.cos(Math.PI / 4), within(1e-12));
    }

    @Test
    void shouldHoldThePeakWhenTheTotalIsUnknown() {
        assertThat(LrSchedule.LINEAR.rate(3e-5, 1_000_000, 100, 0)).isEqualTo(3e-5);
        assertThat(LrSchedule.CONSTANT.rate(3e-5, 50, 100, 1000)).isCloseTo(1.5e-5, within(1e-15));
    }
}
