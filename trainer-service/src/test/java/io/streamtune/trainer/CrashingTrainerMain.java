package io.streamtune.trainer;

import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.trainer.core.ShardResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The trainer's real main with a listener that, at a chosen point, writes a marker file and then holds the
 * polling thread still, so that the crash test can {@code kill -9} the process exactly there.
 *
 * <p>Arguments: config file, crash point ({@code shard:N} after the N-th shard trained, {@code written:N} after the
 * N-th checkpoint's files were written but before its transaction, {@code committed:N} right after the N-th
 * commit, or {@code none}), marker file.
 */
public final class CrashingTrainerMain {

    private CrashingTrainerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String[] point = args[1].split(":");
        Path marker = Path.of(args[2]);
        TrainerMilestones listener = new TrainerMilestones() {
            private int shards;
            private int written;
            private int committed;

            @Override
            public void onShardTrained(String task, ShardResult result) {
                hold("shard", ++shards);
            }

            @Override
            public void onCheckpointWritten(CheckpointEvent event) {
                hold("written", ++written);
            }

            @Override
            public void onCheckpointCommitted(CheckpointEvent event) {
                hold("committed", ++committed);
            }

            private void hold(String kind, int count) {
                if (!point[0].equals(kind) || Integer.parseInt(point[1]) != count) {
                    return;
                }
                try {
                    Files.writeString(marker, kind + ":" + count);
                    new CountDownLatch(1).await(); // until killed
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        System.exit(TrainerMain.run(new String[] {args[0]}, listener));
    }
}
