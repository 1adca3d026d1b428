package io.streamtune.launcher.experiment;

/**
 * Drift signals at one checkpoint: the newest window of the stream, and a window of old-domain emails that never
 * entered it (the stationary control), each against the same reference.
 *
 * @param labelPsi             population stability index of the stream window's labels
 * @param confidencePsi        PSI of the current model's confidence on the stream window
 * @param controlLabelPsi      the same for the control window
 * @param controlConfidencePsi the same for the control window
 */
public record DriftRow(double labelPsi, double confidencePsi, double controlLabelPsi,
        double controlConfidencePsi) {
}
