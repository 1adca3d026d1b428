package io.streamtune.launcher.experiment;

/**
 * The live session scored at one checkpoint of one arm.
 *
 * @param checkpoint  1-based index within the arm
 * @param streaming   domain whose emails the last shards held: {@code old} or {@code new}
 * @param streamed    emails streamed so far (both domains, without replayed ones)
 * @param trained     examples trained on so far, replayed ones included
 * @param trainLoss   mean training loss of the shards since the previous checkpoint
 * @param oldDomain   held-out score on the old domain
 * @param newDomain   held-out score on the new domain
 * @param seconds     wall time since the arm started
 * @param drift       drift signals at this checkpoint; {@code null} when not computed
 */
public record CheckpointRow(int checkpoint, String streaming, long streamed, long trained, double trainLoss,
        Score oldDomain, Score newDomain, double seconds, DriftRow drift) {

    /**
     * Accuracy and macro-F1 on one held-out slice.
     *
     * @param count emails scored
     */
    public record Score(int count, double accuracy, double macroF1) {
    }
}
