package io.streamtune.model.bench;

import ai.djl.ndarray.NDArray;
import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.model.checkpoint.CheckpointSnapshot;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Checkpoint write time and size on MiniLM shapes (22.7M parameters, AdamW moments after one step): where the
 * reference write (per tensor a {@code float[]} and a {@code byte[]}, a stream, SHA-256 through a
 * {@code DigestOutputStream}) spends its time, phase by phase, next to {@link Checkpoints#save} as it is now, and
 * the part of a save the training thread has to wait for ({@link Checkpoints#snapshot}). Run by
 * {@code model/bench/checkpoint-write.sh}; training steps are batch 8 x 128 tokens. Args: directory rounds.
 */
public final class CheckpointWriteBenchmark {

    private CheckpointWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        LabelMap labels = LabelMap.of("ham", "spam");
        BertConfig miniLm = new BertConfig(30522, 384, 6, 12, 1536, 512, 2, BertConfig.HF_LAYER_NORM_EPS);
        List<LabeledText> batch = new ArrayList<>();
        Random random = new Random(0);
        for (int i = 0; i < 8; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 256; w++) {
                text.append('w').append(random.nextInt(5000)).append(' ');
            }
            batch.add(new LabeledText(text.toString(), labels.label(i % 2)));
        }
        try (TextClassifier classifier = TextClassifier.randomlyInitialized(miniLm,
                BaseModel.readResource(BaseModel.MINILM_TOKENIZER), labels, new ModelOptions(128, 0.1f, "cpu", 0));
                FineTuner tuner = new FineTuner(classifier, FineTuneConfig.builder().batchSize(8).build())) {
            tuner.trainStep(batch);
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            classifier.parameters().forEach((name, parameter) -> parameters.put(name, parameter.getArray()));
            List<Map<String, NDArray>> files = List.of(parameters, tuner.optimizer().firstMoments(),
                    tuner.optimizer().secondMoments());
            DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("store"));
            for (int round = 1; round <= rounds; round++) {
                // Alternate which goes first: the disk's write-back of one slows the next.
                if (round % 2 == 1) {
                    reference(dir.resolve("reference-" + round), files, round);
                }
                String id = "bench/round-" + round;
                long started = System.nanoTime();
                long snapshotted;
                long written;
                try (CheckpointSnapshot snapshot = Checkpoints.snapshot(tuner, "bench", Map.of(), Map.of())) {
                    snapshotted = System.nanoTime();
                    snapshot.writeTo(store, id);
                    written = System.nanoTime();
                }
                trainingWhileWriting(tuner, store, id + "-background", batch);
                long syncStarted = System.nanoTime();
                Checkpoints.save(store, id + "-sync", tuner, "bench", Map.of(), Map.of());
                long synced = System.nanoTime();
                System.out.printf("new round=%d snapshot(stall)=%d ms write+hash+fsync+publish=%d ms total=%d ms "
                        + "size=%.1f MB; save without a snapshot=%d ms%n", round, ms(snapshotted - started),
                        ms(written - snapshotted), ms(written - started), size(store.root().resolve(id)) / 1e6,
                        ms(synced - syncStarted));
                if (round % 2 == 0) {
                    reference(dir.resolve("reference-" + round), files, round);
                }
                store.delete(id);
                store.delete(id + "-sync");
                store.delete(id + "-background");
                deleteTree(dir.resolve("reference-" + round));
            }
        }
    }

    /**
     * Three training steps with a snapshot taken before them and written on another thread meanwhile, next to three
     * steps alone: what a background checkpoint costs the training thread in all (the snapshot, and the writer's
     * use of the cores and the disk), and the peak resident memory it adds.
     */
    private static void trainingWhileWriting(FineTuner tuner, DirectoryCheckpointStore store, String id,
            List<LabeledText> batch) throws Exception {
        long alone = timeSteps(tuner, batch, 3);
        long peakBefore = statusKb("VmHWM:");
        long started = System.nanoTime();
        CheckpointSnapshot snapshot = Checkpoints.snapshot(tuner, "bench", Map.of(), Map.of());
        long stall = System.nanoTime() - started;
        CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> {
            try (snapshot) {
                snapshot.writeTo(store, id);
                return System.nanoTime() - started;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        timeSteps(tuner, batch, 3);
        long withWrite = System.nanoTime() - started;
        long written = write.join();
        System.out.printf("background: 3 steps %d ms alone, %d ms with a checkpoint (snapshot %d ms, written after "
                + "%d ms): training lost %d ms; peak RSS +%d MB%n", ms(alone * 3), ms(withWrite), ms(stall),
                ms(written), ms(withWrite - alone * 3), (statusKb("VmHWM:") - peakBefore) / 1024);
    }

    private static long timeSteps(FineTuner tuner, List<LabeledText> batch, int steps) {
        long started = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            tuner.trainStep(batch);
        }
        return (System.nanoTime() - started) / steps;
    }

    private static long statusKb(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
    }

    /** Today's write, phase by phase, with the same bytes on disk. */
    private static void reference(Path out, List<Map<String, NDArray>> files, int round) throws Exception {
        Files.createDirectories(out);
        long copy = 0;
        long convert = 0;
        long hashAndWrite = 0;
        long sync = 0;
        long hashOnly = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = out.resolve("file-" + f + ".bin");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (OutputStream stream = new DigestOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 16), digest)) {
                DataOutputStream data = new DataOutputStream(stream);
                for (Map.Entry<String, NDArray> entry : files.get(f).entrySet()) {
                    long t0 = System.nanoTime();
                    float[] values = entry.getValue().toFloatArray();
                    long t1 = System.nanoTime();
                    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(values);
                    long t2 = System.nanoTime();
                    data.writeUTF(entry.getKey());
                    data.write(bytes.array());
                    long t3 = System.nanoTime();
                    MessageDigest.getInstance("SHA-256").digest(bytes.array());
                    long t4 = System.nanoTime();
                    copy += t1 - t0;
                    convert += t2 - t1;
                    hashAndWrite += t3 - t2;
                    hashOnly += t4 - t3;
                }
                data.flush();
            }
            long t0 = System.nanoTime();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            sync += System.nanoTime() - t0;
        }
        long total = copy + convert + hashAndWrite + sync;
        System.out.printf("reference round=%d toFloatArray=%d ms float[]->byte[]=%d ms stream(write+SHA-256)=%d ms "
                + "(of which SHA-256 alone ~%d ms) fsync=%d ms total=%d ms size=%.1f MB%n", round, ms(copy),
                ms(convert), ms(hashAndWrite), ms(hashOnly), ms(sync), ms(total), size(out) / 1e6);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
