package io.streamtune.model.train;

import java.util.List;

/**
 * Outcome of an offline multi-epoch run.
 *
 * @param bestEpoch the epoch whose parameters the model holds at the end (1-based; 0 without validation)
 * @param stoppedEarly whether patience ran out before the last epoch
 */
public record FitResult(List<EpochResult> epochs, int bestEpoch, Evaluation bestValidation, boolean stoppedEarly,
        long steps, double examplesPerSecond) {

    public FitResult {
        epochs = List.copyOf(epochs);
    }
}
