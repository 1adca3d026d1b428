package io.streamtune.trainer.core;

/**
 * Reports a plateau on a stream, where early stopping does not apply: the shard loss has not improved on its best
 * by more than {@code minDelta} for {@code patience} shards in a row. Training goes on; the signal is for
 * operators (a metric and a log line). Its state is not checkpointed: after a restart it warms up again.
 */
public final class PlateauDetector {

    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int withoutImprovement;

    public PlateauDetector(int patience, double minDelta) {
        if (patience < 1 || minDelta < 0) {
            throw new IllegalArgumentException("patience must be >= 1 and minDelta >= 0");
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records one shard's mean loss; returns whether the loss is on a plateau now. */
    public boolean record(double loss) {
        if (loss < best - minDelta) {
            best = loss;
            withoutImprovement = 0;
        } else {
            withoutImprovement++;
        }
        return onPlateau();
    }

    public boolean onPlateau() {
        return withoutImprovement >= patience;
    }
}
