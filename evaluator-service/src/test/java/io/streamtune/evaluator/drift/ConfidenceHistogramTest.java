package io.streamtune.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfidenceHistogramTest {

    @Test
    void shouldBinConfidencesFromOneOverClassesToOne() {
        Distribution histogram = ConfidenceHistogram.of(new double[] {0.5, 0.55, 0.6, 0.79, 0.99, 1.0}, 2, 5);

        assertThat(histogram.bins()).containsExactly("[0.50,0.60)", "[0.60,0.70)", "[0.70,0.80)", "[0.80,0.90)",
                "[0.90,1.00]");
        assertThat(histogram.counts()).containsExactly(2, 1, 1, 0, 2);
    }

    @Test
    void shouldCountValuesJustOutsideTheRangeInTheNearestBin() {
        Distribution histogram = ConfidenceHistogram.of(new double[] {1.0000001, 0.3333333}, 3, 2);

        assertThat(histogram.bins()).containsExactly("[0.33,0.67)", "[0.67,1.00]");
        assertThat(histogram.counts()).containsExactly(1, 1);
    }
}
