package io.streamtune.trainer.core;

/**
 * What training on one shard did.
 *
 * @param shardId           the shard
 * @param newExamples       examples of the shard
 * @param replayedExamples  replayed examples mixed in
 * @param steps             optimizer steps taken
 * @param meanLoss          mean training loss over those steps
 * @param examplesPerSecond new and replayed examples per second of training
 * @param globalStep        global step after the shard
 * @param learningRate      learning rate of the last step
 * @param plateau           whether the loss is on a plateau (see {@link PlateauDetector})
 */
public record ShardResult(String shardId, int newExamples, int replayedExamples, int steps, double meanLoss,
        double examplesPerSecond, long globalStep, double learningRate, boolean plateau) {
}
