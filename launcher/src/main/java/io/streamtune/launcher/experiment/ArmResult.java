package io.streamtune.launcher.experiment;

import java.util.List;

/**
 * The checkpoints of one arm, in order.
 *
 * @param replay         whether the replay buffer was on
 * @param replayCapacity the buffer's capacity (0 when off)
 * @param replayRatio    replayed examples per new example
 * @param rows           one per checkpoint
 */
public record ArmResult(boolean replay, int replayCapacity, double replayRatio, List<CheckpointRow> rows) {

    public ArmResult {
        rows = List.copyOf(rows);
    }

    /** The last checkpoint of the old domain: the model before any new-domain email. */
    public CheckpointRow endOfOldDomain() {
        return rows.stream().filter(row -> row.streaming().equals("old")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no old-domain checkpoint"));
    }

    public CheckpointRow last() {
        return rows.get(rows.size() - 1);
    }

    /** Old-domain macro-F1 at the end of the old domain minus at the end of the run: forgetting, in F1. */
    public double oldDomainDrop() {
        return endOfOldDomain().oldDomain().macroF1() - last().oldDomain().macroF1();
    }

    /** The largest old-domain macro-F1 drop below the end of the old domain at any new-domain checkpoint. */
    public double worstOldDomainDrop() {
        double before = endOfOldDomain().oldDomain().macroF1();
        return rows.stream().filter(row -> row.streaming().equals("new"))
                .mapToDouble(row -> before - row.oldDomain().macroF1()).max().orElse(0);
    }
}
