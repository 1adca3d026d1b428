package io.streamtune.launcher.experiment;

import io.streamtune.evaluator.drift.DriftMonitor;
import io.streamtune.evaluator.drift.DriftSettings;
import io.streamtune.evaluator.drift.DriftSignal;
import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evaluator's drift signals ({@link DriftMonitor}) at a checkpoint of the experiment, on emails the model has not
 * trained on, for two streams:
 * <ul>
 *   <li>the <b>shifted</b> stream: its next {@code window} emails (the ones about to arrive);</li>
 *   <li>the stationary <b>control</b>: the old domain continued, {@code window} old-domain emails never streamed
 *       (consecutive slices of the control pool, one per checkpoint, wrapping round).</li>
 * </ul>
 * Labels: the window against every label streamed so far (the training history). Confidence (the model's highest
 * class probability): the window against the same model's confidences on the old domain's held-out emails.
 */
final class DriftProbe {

    private final DriftSettings settings;
    private final List<LabeledText> stream;
    private final List<LabeledText> control;

    /**
     * @param stream  the whole stream in order: old domain, then new
     * @param control old-domain emails never streamed nor held out
     */
    DriftProbe(DriftSettings settings, List<LabeledText> stream, List<LabeledText> control) {
        this.settings = settings;
        this.stream = List.copyOf(stream);
        this.control = List.copyOf(control);
    }

    /**
     * The signals after {@code streamed} emails; {@code null} when the stream has fewer than a window left or the
     * control pool is smaller than a window.
     *
     * @param checkpoint           0-based checkpoint index, which picks the control slice
     * @param referenceConfidences the model's confidences on the old domain's held-out emails
     */
    DriftRow at(TextClassifier model, int streamed, int checkpoint, double[] referenceConfidences) {
        int size = settings.windowSize();
        if (streamed + size > stream.size() || control.size() < size) {
            return null;
        }
        List<LabeledText> history = stream.subList(0, streamed);
        List<LabeledText> incoming = stream.subList(streamed, streamed + size);
        List<LabeledText> controlWindow = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            controlWindow.add(control.get((checkpoint * size + i) % control.size()));
        }
        int classes = model.labels().size();
        DriftMonitor shifted = monitor(history, incoming);
        DriftMonitor stationary = monitor(history, controlWindow);
        return new DriftRow(psi(shifted.labelSignal()),
                psi(shifted.confidenceSignal(confidences(model, incoming), referenceConfidences, classes)),
                psi(stationary.labelSignal()),
                psi(stationary.confidenceSignal(confidences(model, controlWindow), referenceConfidences, classes)));
    }

    /** Each row's highest probability. */
    static double[] confidences(List<float[]> probabilities) {
        double[] out = new double[probabilities.size()];
        for (int i = 0; i < out.length; i++) {
            float best = 0;
            for (float p : probabilities.get(i)) {
                best = Math.max(best, p);
            }
            out[i] = best;
        }
        return out;
    }

    private static double[] confidences(TextClassifier model, List<LabeledText> emails) {
        return confidences(model.predictProbabilities(emails.stream().map(LabeledText::text).toList(),
                ShiftExperiment.EVAL_BATCH));
    }

    private DriftMonitor monitor(List<LabeledText> history, List<LabeledText> window) {
        DriftMonitor monitor = new DriftMonitor(settings);
        history.forEach(example -> monitor.observeLabel(example.label()));
        window.forEach(example -> monitor.observeLabel(example.label()));
        return monitor;
    }

    /** NaN when the signal could not be computed (too few examples on a side). */
    private static double psi(Optional<DriftSignal> signal) {
        return signal.map(DriftSignal::psi).orElse(Double.NaN);
    }
}
