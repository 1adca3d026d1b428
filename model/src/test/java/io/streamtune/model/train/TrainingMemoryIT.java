package io.streamtune.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native memory must not grow with steps: every step's arrays (inputs, activations, gradients, optimizer
 * temporaries) are released. Runs 2,000 steps of a small configuration and compares resident memory after a
 * warm-up with the end.
 */
class TrainingMemoryIT {

    private static final int STEPS = 2_000;
    private static final int WARM_UP = 200;

    @Test
    void shouldKeepResidentMemoryFlatOverTwoThousandSteps() throws IOException {
        List<LabeledText> data = TinyModels.examples(64, 21);
        FineTuneConfig config = FineTuneConfig.builder().learningRate(1e-3).batchSize(8).seed(3).build();
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 3);
                FineTuner tuner = new FineTuner(classifier, config)) {
            long warm = 0;
            long peak = 0;
            for (int step = 1; step <= STEPS; step++) {
                int start = (step * 8) % data.size();
                tuner.trainStep(data.subList(start, start + 8));
                if (step % 100 == 0) {
                    tuner.evaluate(data.subList(0, 16));
                }
                if (step == WARM_UP) {
                    warm = residentBytes();
                } else if (step > WARM_UP && step % 100 == 0) {
                    peak = Math.max(peak, residentBytes());
                }
            }
            long end = residentBytes();
            System.out.printf("RSS after %d steps %.1f MiB, peak %.1f MiB, after %d steps %.1f MiB (%+.1f%%)%n",
                    WARM_UP, warm / 1048576.0, peak / 1048576.0, STEPS, end / 1048576.0,
                    100.0 * (end - warm) / warm);
            assertThat(tuner.step()).isEqualTo(STEPS);
            assertThat((double) end).isBetween(warm * 0.9, warm * 1.1);
            assertThat((double) peak).isLessThanOrEqualTo(warm * 1.1);
            // The heap is fixed and pre-touched (see the failsafe argLine), so growth here is native memory:
            // a leak of even one small activation per step would pass 32 MiB over 1,800 steps.
            assertThat(end - warm).isLessThan(32L << 20);
        }
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
