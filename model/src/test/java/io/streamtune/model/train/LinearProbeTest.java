package io.streamtune.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.model.LabelMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    private static final LabelMap LABELS = LabelMap.of("ham", "spam");

    /** Two Gaussian clouds in 8 dimensions whose means differ along one direction only. */
    private static void clouds(int n, long seed, double separation, List<float[]> x, List<String> y) {
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            boolean spam = i % 2 == 0;
            float[] row = new float[8];
            for (int f = 0; f < row.length; f++) {
                row[f] = (float) random.nextGaussian();
            }
            row[3] += (float) (spam ? separation : -separation);
            x.add(row);
            y.add(spam ? "spam" : "ham");
        }
    }

    @Test
    void shouldSeparateLinearlySeparableFeaturesOnHeldOutRows() {
        List<float[]> trainX = new ArrayList<>();
        List<String> trainY = new ArrayList<>();
        List<float[]> testX = new ArrayList<>();
        List<String> testY = new ArrayList<>();
        clouds(400, 1, 3.0, trainX, trainY);
        clouds(200, 2, 3.0, testX, testY);

        LinearProbe probe = LinearProbe.fit(LABELS, trainX, trainY, 200, 0.05, 1e-4);
        Evaluation test = probe.evaluate(testX, testY);

        // With means 6 standard deviations apart, the Bayes error is about 0.1%.
        assertThat(test.accuracy()).isGreaterThan(0.98);
        assertThat(test.macroF1()).isGreaterThan(0.98);
        assertThat(test.count()).isEqualTo(200);
    }

    @Test
    void shouldBeAtChanceBeforeTrainingAndLearnFromMoreSteps() {
        List<float[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        clouds(200, 3, 1.0, x, y);

        Evaluation untrained = LinearProbe.fit(LABELS, x, y, 0, 0.05, 0).evaluate(x, y);
        Evaluation trained = LinearProbe.fit(LABELS, x, y, 100, 0.05, 0).evaluate(x, y);

        assertThat(untrained.loss()).isCloseTo(Math.log(2), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(trained.loss()).isLessThan(untrained.loss());
        assertThat(trained.accuracy()).isGreaterThan(0.75);
    }

    @Test
    void shouldRefuseMismatchedRowsAndLabels() {
        assertThatThrownBy(() -> LinearProbe.fit(LABELS, List.of(new float[2]), List.of(), 1, 0.1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
