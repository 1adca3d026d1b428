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

/**
 * Checkpoint write time and size on MiniLM shapes (22.7M parameters, AdamW moments after one step): where the
 * reference write (per tensor a {@code float[]} and a {@code byte[]}, a stream, SHA-256 through a
 * {@code DigestOutputStream}) spends its time, phase by phase, next to {@link Checkpoints#save} as it is now, and
 * the part of a save the training thread has to wait for ({@link Checkpoints#snapshot}). Run by
 * {@code model/bench/checkpoint-write.sh}. Args: directory rounds.
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
        for (int i = 0; i < 4; i++) {
            batch.add(new LabeledText("w" + random.nextInt(5000) + " w" + random.nextInt(5000), labels.label(i % 2)));
        }
        try (TextClassifier classifier = TextClassifier.randomlyInitialized(miniLm,
                BaseModel.readResource(BaseModel.MINILM_TOKENIZER), labels, new ModelOptions(32, 0.1f, "cpu", 0));
                FineTuner tuner = new FineTuner(classifier, FineTuneConfig.builder().batchSize(4).build())) {
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
                deleteTree(dir.resolve("reference-" + round));
            }
        }
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
