package io.streamtune.evaluator.drift;

import io.streamtune.evaluator.metrics.Predictions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The drift signals of one task. Knows nothing of Kafka: the caller feeds it every validation label in stream order
 * ({@link #observeLabel}) and, when it wants the signals, the champion's confidences on the newest examples and on
 * the ones before them.
 *
 * <ul>
 *   <li>{@link DriftSignalKind#LABEL}: the label counts of the newest {@link DriftSettings#windowSize()} labels
 *       against the counts of every label observed before them.</li>
 *   <li>{@link DriftSignalKind#CONFIDENCE}: a {@link ConfidenceHistogram} of the window's confidences against one of
 *       the reference's, over the same bins.</li>
 * </ul>
 * A signal is computed only when its window and its reference each hold at least {@link DriftSettings#minExamples()};
 * otherwise it is absent. Not thread-safe.
 */
public final class DriftMonitor {

    private final DriftSettings settings;
    private final LabelWindow labels;

    public DriftMonitor(DriftSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.labels = new LabelWindow(settings.windowSize());
    }

    public DriftSettings settings() {
        return settings;
    }

    /** Adds the task's newest validation label. */
    public void observeLabel(String label) {
        labels.add(label);
    }

    /** The label signal, absent until the window and the history each hold the minimum. */
    public Optional<DriftSignal> labelSignal() {
        return signal(DriftSignalKind.LABEL, labels.window(), labels.history());
    }

    /**
     * The confidence signal: {@code window} (the champion's confidences on the newest examples) against
     * {@code reference} (its confidences on the examples before them); absent when either holds fewer than the
     * minimum.
     *
     * @param classes the model's number of classes, which sets the histogram's range
     */
    public Optional<DriftSignal> confidenceSignal(double[] window, double[] reference, int classes) {
        return signal(DriftSignalKind.CONFIDENCE,
                ConfidenceHistogram.of(window, classes, settings.confidenceBins()),
                ConfidenceHistogram.of(reference, classes, settings.confidenceBins()));
    }

    /**
     * Both signals, those that can be computed: the label signal, and the confidence signal when confidences are
     * given ({@code null} for none).
     */
    public List<DriftSignal> assess(double[] windowConfidences, double[] referenceConfidences, int classes) {
        List<DriftSignal> signals = new ArrayList<>(2);
        labelSignal().ifPresent(signals::add);
        if (windowConfidences != null && referenceConfidences != null) {
            confidenceSignal(windowConfidences, referenceConfidences, classes).ifPresent(signals::add);
        }
        return signals;
    }

    /** The confidence of each of {@code predictions}' rows {@code from} (inclusive) to {@code to} (exclusive). */
    public static double[] confidences(Predictions predictions, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = predictions.confidence(i);
        }
        return out;
    }

    private Optional<DriftSignal> signal(DriftSignalKind kind, Distribution window, Distribution reference) {
        if (window.total() < settings.minExamples() || reference.total() < settings.minExamples()) {
            return Optional.empty();
        }
        return Optional.of(DriftSignal.compare(kind, window, reference, settings));
    }
}
