package io.streamtune.model.train;

/**
 * One optimizer step.
 *
 * @param step the global step count after this step (1-based)
 * @param gradNorm global L2 norm of the gradients before clipping
 */
public record StepResult(long step, int examples, double loss, double learningRate, double gradNorm) {}
