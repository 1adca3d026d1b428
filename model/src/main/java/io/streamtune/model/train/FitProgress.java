package io.streamtune.model.train;

/** Progress callbacks of {@link FineTuner#fit}; for logging, metrics and progress bars. */
public interface FitProgress {

    FitProgress NONE = new FitProgress() {};

    default void onStep(StepResult step, int epoch, long stepInEpoch, long stepsPerEpoch) {}

    default void onEpoch(EpochResult epoch) {}
}
