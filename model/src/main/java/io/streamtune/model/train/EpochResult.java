package io.streamtune.model.train;

/**
 * One epoch of an offline run.
 *
 * @param validation the validation evaluation after the epoch; null when no validation set was given
 */
public record EpochResult(int epoch, long steps, double trainLoss, Evaluation validation,
        double examplesPerSecond) {}
