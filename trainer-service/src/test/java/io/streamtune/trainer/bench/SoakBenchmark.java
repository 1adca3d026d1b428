package io.streamtune.trainer.bench;

import io.streamtune.model.ModelOptions;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.TestShards;
import io.streamtune.trainer.TrainerConfig;
import io.streamtune.trainer.core.BaseModelSpec;
import io.streamtune.trainer.core.CheckpointPolicy;
import io.streamtune.trainer.core.CheckpointRetention;
import io.streamtune.trainer.core.ProtectedCheckpoints;
import io.streamtune.trainer.core.RetentionPolicy;
import io.streamtune.trainer.core.ShardResult;
import io.streamtune.trainer.core.TaskSession;
import io.streamtune.trainer.core.TaskSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Soak benchmark (not a test): the trainer's core on a real base model for a fixed time, shard after shard with
 * replay and a checkpoint every few shards, with the trainer's checkpoint retention at its default settings (the
 * first checkpoint plays the champion, every checkpoint counts as evaluated), printing examples/s, resident memory
 * and the checkpoint store's disk use once a minute, so a leak or a filling disk shows as a rising line. Run by
 * {@code trainer-service/bench/soak.sh}. Args: minutes, base model ({@code all-MiniLM-L6-v2} or {@code tiny}),
 * shard size, checkpoint every N shards, checkpoint directory, and optionally a number of filler words appended to
 * each text (200 fills MiniLM's 128 tokens, the batch 32 x 128 shape; the synthetic sentences alone are
 * ~10 tokens).
 */
public final class SoakBenchmark {

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Duration length = Duration.ofMinutes(Long.parseLong(args[0]));
        BaseModelSpec base = BaseModelSpec.parse(args[1]);
        int shardSize = Integer.parseInt(args[2]);
        int checkpointEvery = Integer.parseInt(args[3]);
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(Files.createDirectories(Path.of(args[4])));
        int fillerWords = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        TaskSettings settings = new TaskSettings("soak", TestShards.LABELS, base,
                new ModelOptions(128, 0.1f, "auto", 1),
                FineTuneConfig.builder().learningRate(2e-5).warmupSteps(50).batchSize(32).patience(0).build(),
                2000, 0.5, 5, 1e-3, new CheckpointPolicy(checkpointEvery, Duration.ofDays(1)));
        Instant end = Instant.now().plus(length);
        Instant nextReport = Instant.now();
        long examples = 0;
        long reportedExamples = 0;
        long reportedAt = System.nanoTime();
        CheckpointRetention retention = new CheckpointRetention(store, new RetentionPolicy(
                TrainerConfig.CHECKPOINT_RETENTION_NEWEST_DEFAULT,
                TrainerConfig.CHECKPOINT_RETENTION_CHAMPIONS_DEFAULT));
        String champion = null;
        long deleted = 0;
        long started = System.nanoTime();
        double firstRss = Double.NaN;
        try (TaskSession session = TaskSession.fromBase(settings)) {
            System.out.printf("soak: %s on %s for %s, shards of %d, checkpoint every %d%n", base.id(),
                    session.classifier().device(), length, shardSize, checkpointEvery);
            for (int shard = 0; Instant.now().isBefore(end); shard++) {
                TrainingShard next = withLabelNoise(TestShards.shard("soak", shard, shardSize), fillerWords);
                ShardResult result = session.train(next, TestShards.at(0, shard), Instant.now());
                examples += result.newExamples() + result.replayedExamples();
                if ((shard + 1) % checkpointEvery == 0) {
                    CheckpointEvent event = session.writeCheckpoint(store, Map.of(), Instant.now());
                    session.committed(event);
                    champion = champion == null ? event.getLocation() : champion;
                    deleted += retention.apply("soak", new ProtectedCheckpoints(champion, List.of(champion), Set.of(),
                            event.getLocation())).deleted();
                }
                if (!Instant.now().isBefore(nextReport)) {
                    double seconds = (System.nanoTime() - reportedAt) / 1e9;
                    System.out.printf("%s shards=%d step=%d loss=%.4f examples/s=%.1f rss=%.0fMiB peak=%.0fMiB "
                            + "heap=%.0fMiB store=%.0fMiB checkpoints=%d deleted=%d%n",
                            Instant.now(), shard + 1, result.globalStep(), result.meanLoss(),
                            (examples - reportedExamples) / seconds, rssMiB(), memoryMiB("VmHWM:"),
                            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0,
                            store.bytesUsed() / 1048576.0, store.list().size(), deleted);
                    if (Double.isNaN(firstRss)) {
                        firstRss = rssMiB();
                    }
                    reportedExamples = examples;
                    reportedAt = System.nanoTime();
                    nextReport = Instant.now().plusSeconds(60);
                }
            }
            System.out.printf("soak done: %d examples in %.0f s = %.1f examples/s overall, rss %.0fMiB (first report "
                    + "%.0fMiB), store %.0fMiB in %d checkpoints, %d deleted%n", examples,
                    (System.nanoTime() - started) / 1e9, examples / ((System.nanoTime() - started) / 1e9), rssMiB(),
                    firstRss, store.bytesUsed() / 1048576.0, store.list().size(), deleted);
        }
    }

    /**
     * Flips the label of every 7th example. The synthetic task is trivially separable: without noise the loss
     * falls to ~1e-3 within minutes, the optimizer's second moments go subnormal and every step slows down tenfold
     * (x86 denormal arithmetic), which measures the CPU, not the trainer. Real data keeps a loss well above that.
     */
    private static TrainingShard withLabelNoise(TrainingShard shard, int fillerWords) {
        List<ShardExample> examples = new ArrayList<>(shard.getExamples());
        Random random = new Random(shard.getShardId().hashCode());
        for (int i = 0; i < examples.size(); i++) {
            ShardExample example = examples.get(i);
            StringBuilder text = new StringBuilder(example.getText());
            for (int w = 0; w < fillerWords; w++) {
                text.append(" w").append(random.nextInt(5000));
            }
            String label = i % 7 == 0 ? (example.getLabel().equals("spam") ? "ham" : "spam") : example.getLabel();
            examples.set(i, ShardExample.newBuilder(example).setText(text.toString()).setLabel(label).build());
        }
        return TrainingShard.newBuilder(shard).setExamples(examples).build();
    }

    private static double rssMiB() throws IOException {
        return memoryMiB("VmRSS:");
    }

    /** A /proc/self/status memory line (VmRSS: now, VmHWM: peak) in MiB. */
    private static double memoryMiB(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
