package io.streamtune.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.schemas.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsCalculatorTest {

    private static final List<String> LABELS = List.of("ham", "spam");

    @Test
    void shouldComputeMetricsThatMatchAHandCalculation() {
        // predictions: ham, spam, spam, ham, spam against truths ham, ham, spam, spam, spam
        Metrics m = MetricsCalculator.compute(LABELS, new int[] {0, 0, 1, 1, 1}, new float[][] {
            {0.9f, 0.1f}, {0.4f, 0.6f}, {0.2f, 0.8f}, {0.7f, 0.3f}, {0.1f, 0.9f}});

        assertThat(m.getExamples()).isEqualTo(5);
        assertThat(m.getAccuracy()).isCloseTo(0.6, within(1e-12));
        assertThat(m.getPrecision()).containsEntry("ham", 0.5);
        assertThat(m.getRecall().get("spam")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.getMacroF1()).isCloseTo((0.5 + 2.0 / 3) / 2, within(1e-12));
        double expectedLogLoss = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.3) + Math.log(0.9)) / 5;
        assertThat(m.getLogLoss()).isCloseTo(expectedLogLoss, within(1e-6));
        assertThat(m.getConfusionMatrix()).containsExactly(List.of(1L, 1L), List.of(1L, 2L));
    }

    @Test
    void shouldScoreAClassThatIsNeverPredictedAsZeroInsteadOfNaN() {
        Metrics m = MetricsCalculator.compute(LABELS, new int[] {0, 1}, new float[][] {{0.8f, 0.2f}, {0.6f, 0.4f}});

        assertThat(m.getPrecision()).containsEntry("spam", 0.0);
        assertThat(m.getMacroF1()).isCloseTo((2.0 / 3 + 0) / 2, within(1e-12));
    }

    @Test
    void shouldKeepLogLossFiniteForAConfidentMiss() {
        Metrics m = MetricsCalculator.compute(LABELS, new int[] {1}, new float[][] {{1.0f, 0.0f}});

        assertThat(m.getLogLoss()).isFinite().isCloseTo(-Math.log(MetricsCalculator.EPSILON), within(1e-9));
    }

    @Test
    void shouldRejectPredictionsOfTheWrongWidth() {
        assertThatThrownBy(() -> MetricsCalculator.compute(LABELS, new int[] {0}, new float[][] {{1f, 0f, 0f}}))
                .hasMessageContaining("3 probabilities for 2 classes");
    }

    @Test
    void shouldRejectATrueClassOutsideTheLabelSet() {
        assertThatThrownBy(() -> MetricsCalculator.compute(LABELS, new int[] {2}, new float[][] {{1f, 0f}}))
                .hasMessageContaining("True class 2");
    }
}
