package io.streamtune.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.metrics.Predictions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class DriftMonitorTest {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitorTest.class);
    private static final DriftSettings SETTINGS = DriftSettings.defaults();
    private static final List<String> LABELS = List.of("ham", "spam", "phish");
    private static final double[] STATIONARY_MIX = {0.6, 0.3, 0.1};
    private static final int SEEDS = 2000;

    @Test
    void shouldStayAbsentUntilWindowAndHistoryHoldTheMinimum() {
        DriftMonitor monitor = new DriftMonitor(SETTINGS);
        feed(monitor, new Random(1), STATIONARY_MIX, SETTINGS.windowSize() + SETTINGS.minExamples() - 1);
        assertThat(monitor.labelSignal()).isEmpty();

        monitor.observeLabel("ham");
        assertThat(monitor.labelSignal()).get().satisfies(signal -> {
            assertThat(signal.window().total()).isEqualTo(SETTINGS.windowSize());
            assertThat(signal.reference().total()).isEqualTo(SETTINGS.minExamples());
        });
    }

    @Test
    void shouldSignalDriftWhenTheLabelMixShifts() {
        DriftMonitor monitor = new DriftMonitor(SETTINGS);
        Random random = new Random(7);
        feed(monitor, random, STATIONARY_MIX, 1000);
        // The stream turns to mostly phishing: 60/30/10 becomes 20/20/60.
        feed(monitor, random, new double[] {0.2, 0.2, 0.6}, SETTINGS.windowSize());

        DriftSignal signal = monitor.labelSignal().orElseThrow();
        assertThat(signal.kind()).isEqualTo(DriftSignalKind.LABEL);
        assertThat(signal.level()).isEqualTo(DriftLevel.DRIFT);
        assertThat(signal.psi()).isGreaterThan(SETTINGS.driftPsi());
        assertThat(signal.maxShareChange()).isGreaterThan(0.4);
        assertThat(signal.window().bins()).containsExactly("ham", "phish", "spam");
        assertThat(signal.reference().total()).isEqualTo(1000);
    }

    @Test
    void shouldSignalANewLabelAsDrift() {
        DriftMonitor monitor = new DriftMonitor(SETTINGS);
        Random random = new Random(3);
        feed(monitor, random, new double[] {0.5, 0.5, 0.0}, 600);
        feed(monitor, random, new double[] {0.45, 0.45, 0.1}, SETTINGS.windowSize());

        assertThat(monitor.labelSignal().orElseThrow().level()).isEqualTo(DriftLevel.DRIFT);
    }

    /**
     * The "quiet on a stationary stream" evidence: over many seeds, a window and a history of the same label mix
     * rarely reach WATCH and never DRIFT, even with the history at the minimum size (the noisiest case). The rates
     * are logged: the README quotes them.
     */
    @Test
    void shouldStayQuietOnAStationaryLabelStream() {
        for (int history : new int[] {SETTINGS.minExamples(), 2000}) {
            FalseAlarms alarms = FalseAlarms.count("label, history " + history, seed -> {
                DriftMonitor monitor = new DriftMonitor(SETTINGS);
                feed(monitor, new Random(seed), STATIONARY_MIX, SETTINGS.windowSize() + history);
                return monitor.labelSignal().orElseThrow();
            });
            assertThat(alarms.drift()).isZero();
            assertThat(alarms.watchRate()).as("WATCH rate").isLessThan(0.02);
        }
    }

    /** As above for the champion's confidence, against the smallest reference and the defaults' full set. */
    @Test
    void shouldStayQuietOnStationaryConfidences() {
        for (int reference : new int[] {SETTINGS.minExamples(), 2300}) {
            FalseAlarms alarms = FalseAlarms.count("confidence, reference " + reference, seed -> {
                Random random = new Random(seed);
                return new DriftMonitor(SETTINGS).confidenceSignal(confidences(random, 0.3, SETTINGS.windowSize()),
                        confidences(random, 0.3, reference), 2).orElseThrow();
            });
            assertThat(alarms.drift()).isZero();
            assertThat(alarms.watchRate()).as("WATCH rate").isLessThan(reference < 1000 ? 0.08 : 0.01);
        }
    }

    @Test
    void shouldSignalDriftWhenTheChampionGrowsUnsure() {
        Random random = new Random(11);
        // A confident champion (most mass near 1) meets examples it is unsure of (mass spread over [0.5, 1]).
        DriftSignal signal = new DriftMonitor(SETTINGS).confidenceSignal(confidences(random, 1.0, 200),
                confidences(random, 0.3, 2300), 2).orElseThrow();

        assertThat(signal.kind()).isEqualTo(DriftSignalKind.CONFIDENCE);
        assertThat(signal.level()).isEqualTo(DriftLevel.DRIFT);
        assertThat(signal.window().bins()).hasSize(SETTINGS.confidenceBins());
    }

    @Test
    void shouldAssessBothSignalsFromPredictions() {
        DriftMonitor monitor = new DriftMonitor(new DriftSettings(4, 2, 0.1, 0.25, 2));
        List.of("ham", "spam", "ham", "spam", "ham", "spam").forEach(monitor::observeLabel);
        Predictions predictions = new Predictions(List.of("ham", "spam"), new int[] {0, 1, 0, 1},
                new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.6f, 0.4f}, {0.45f, 0.55f}});

        double[] window = DriftMonitor.confidences(predictions, 2, 4);
        assertThat(window).containsExactly(0.6000000238418579, 0.550000011920929);
        List<DriftSignal> signals = monitor.assess(window, DriftMonitor.confidences(predictions, 0, 2), 2);

        assertThat(signals).extracting(DriftSignal::kind).containsExactly(DriftSignalKind.LABEL,
                DriftSignalKind.CONFIDENCE);
        assertThat(signals.get(0).level()).isEqualTo(DriftLevel.NONE);
        assertThat(signals.get(1).level()).as("all low against all high").isEqualTo(DriftLevel.DRIFT);
        assertThat(monitor.assess(null, null, 2)).extracting(DriftSignal::kind)
                .containsExactly(DriftSignalKind.LABEL);
    }

    private static void feed(DriftMonitor monitor, Random random, double[] mix, int count) {
        for (int i = 0; i < count; i++) {
            monitor.observeLabel(LABELS.get(draw(random, mix)));
        }
    }

    private static int draw(Random random, double[] mix) {
        double u = random.nextDouble();
        for (int i = 0; i < mix.length - 1; i++) {
            u -= mix[i];
            if (u < 0) {
                return i;
            }
        }
        return mix.length - 1;
    }

    /** Binary-classifier confidences in [0.5, 1]: {@code 1 - 0.5 * u^(1/sharpness)}; small sharpness = sure. */
    private static double[] confidences(Random random, double sharpness, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = 1 - 0.5 * Math.pow(random.nextDouble(), 1 / sharpness);
        }
        return out;
    }

    /** How often a stationary signal reached WATCH and DRIFT over {@link #SEEDS} seeds. */
    private record FalseAlarms(int watch, int drift) {

        static FalseAlarms count(String what, java.util.function.IntFunction<DriftSignal> signalOfSeed) {
            int watch = 0;
            int drift = 0;
            double sum = 0;
            for (int seed = 0; seed < SEEDS; seed++) {
                DriftSignal signal = signalOfSeed.apply(seed);
                watch += signal.level() == DriftLevel.WATCH ? 1 : 0;
                drift += signal.level() == DriftLevel.DRIFT ? 1 : 0;
                sum += signal.psi();
            }
            LOG.info("Stationary {}: {} seeds, WATCH {}, DRIFT {}, mean PSI {}", what, SEEDS, watch, drift,
                    String.format(java.util.Locale.ROOT, "%.4f", sum / SEEDS));
            return new FalseAlarms(watch, drift);
        }

        double watchRate() {
            return (double) watch / SEEDS;
        }
    }
}
