package io.streamtune.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.model.internals.LibTorch;
import io.streamtune.model.train.AdamW;
import io.streamtune.model.train.FineTuner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one checkpoint holds, taken between two training steps by {@link Checkpoints#snapshot}: parameters
 * and optimizer moments are copied in native memory (a memcpy each), so later steps do not change it and the
 * training thread can go on while another thread {@link #writeTo writes} it. Until {@link #close closed} it holds
 * native memory the size of those tensors ({@link #tensorBytes}).
 *
 * <p>Taken on the training thread; {@link #writeTo} and {@link #close} may then run on one other thread.
 */
public final class CheckpointSnapshot implements AutoCloseable {

    /** Owns the copies; null for a view of the live tensors (a synchronous save). */
    private final NDManager copies;
    private final Map<String, Map<String, NDArray>> tensorFiles;
    private final Map<String, byte[]> otherFiles;
    private final long step;
    private final String baseModel;
    private final List<String> labels;
    private final BertConfig modelConfig;
    private final ModelOptions modelOptions;
    private final Map<String, String> hyperParameters;
    private final long scheduleTotalSteps;
    private final Map<String, String> extra;
    private final String baseModelSha256;
    private boolean closed;

    private CheckpointSnapshot(FineTuner tuner, String baseModel, Map<String, String> extra,
            Map<String, byte[]> extraFiles, boolean copy) {
        TextClassifier classifier = tuner.classifier();
        AdamW optimizer = tuner.optimizer();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        classifier.parameters().forEach((name, parameter) -> parameters.put(name, parameter.getArray()));
        this.copies = copy ? NDManager.newBaseManager(parameters.values().iterator().next().getDevice()) : null;
        this.tensorFiles = new LinkedHashMap<>();
        try {
            tensorFiles.put(Checkpoints.PARAMETERS, copied(parameters));
            tensorFiles.put(Checkpoints.FIRST_MOMENTS, copied(optimizer.firstMoments()));
            tensorFiles.put(Checkpoints.SECOND_MOMENTS, copied(optimizer.secondMoments()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.otherFiles = new TreeMap<>();
        otherFiles.put(Checkpoints.TOKENIZER, classifier.tokenizerJson());
        extraFiles.forEach((name, bytes) -> otherFiles.put(name, bytes.clone()));
        this.step = tuner.step();
        this.baseModel = baseModel;
        this.labels = List.copyOf(classifier.labels().labels());
        this.modelConfig = classifier.config();
        this.modelOptions = classifier.options();
        this.hyperParameters = Map.copyOf(tuner.config().asMap());
        this.scheduleTotalSteps = tuner.scheduleTotalSteps();
        this.extra = extra == null ? Map.of() : Map.copyOf(extra);
        this.baseModelSha256 = classifier.baseModelSha256();
    }

    /** A snapshot of copies, independent of later training. */
    static CheckpointSnapshot copyOf(FineTuner tuner, String baseModel, Map<String, String> extra,
            Map<String, byte[]> extraFiles) {
        return new CheckpointSnapshot(tuner, baseModel, extra, extraFiles, true);
    }

    /** A view of the live tensors, for a write that finishes before the next training step. */
    static CheckpointSnapshot viewOf(FineTuner tuner, String baseModel, Map<String, String> extra,
            Map<String, byte[]> extraFiles) {
        return new CheckpointSnapshot(tuner, baseModel, extra, extraFiles, false);
    }

    private Map<String, NDArray> copied(Map<String, NDArray> tensors) {
        Map<String, NDArray> result = new LinkedHashMap<>();
        tensors.forEach((name, array) -> result.put(name, copies == null ? array : LibTorch.copyOf(array, copies)));
        return result;
    }

    /** The global optimizer step the snapshot was taken after. */
    public long step() {
        return step;
    }

    /** Bytes of parameters and moments held (native memory, while open, for a copied snapshot). */
    public long tensorBytes() {
        return tensorFiles.values().stream().flatMap(file -> file.values().stream())
                .mapToLong(array -> array.size() * Float.BYTES).sum();
    }

    /**
     * Writes the snapshot as checkpoint {@code id}: every file hashed while it is written, then published at once
     * ({@link CheckpointStore.PendingCheckpoint#commit}, which makes the files durable first). A failure leaves
     * nothing visible.
     */
    public synchronized CheckpointMetadata writeTo(CheckpointStore store, String id) throws IOException {
        if (closed) {
            throw new IllegalStateException("checkpoint snapshot of step " + step + " is closed");
        }
        Map<String, String> hashes = new TreeMap<>();
        try (CheckpointStore.PendingCheckpoint pending = store.begin(id)) {
            for (Map.Entry<String, Map<String, NDArray>> file : tensorFiles.entrySet()) {
                MessageDigest digest = Checkpoints.sha256();
                try (WritableByteChannel out = pending.createChannel(file.getKey())) {
                    TensorFile.write(out, digest, file.getValue());
                }
                hashes.put(file.getKey(), HexFormat.of().formatHex(digest.digest()));
            }
            for (Map.Entry<String, byte[]> file : otherFiles.entrySet()) {
                MessageDigest digest = Checkpoints.sha256();
                try (WritableByteChannel out = pending.createChannel(file.getKey())) {
                    TensorFile.writeFully(out, digest, ByteBuffer.wrap(file.getValue()));
                }
                hashes.put(file.getKey(), HexFormat.of().formatHex(digest.digest()));
            }
            CheckpointMetadata metadata = new CheckpointMetadata(CheckpointMetadata.FORMAT_VERSION, id, step,
                    baseModel, labels, modelConfig, modelOptions, hyperParameters, scheduleTotalSteps, hashes,
                    Checkpoints.contentHash(hashes), Instant.now().toString(), extra, baseModelSha256);
            try (OutputStream out = pending.create(Checkpoints.METADATA)) {
                Checkpoints.JSON.writeValue(out, metadata);
            }
            pending.commit();
            return metadata;
        }
    }

    /** Frees the copies; a view frees nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (copies != null) {
            copies.close();
        }
    }
}
