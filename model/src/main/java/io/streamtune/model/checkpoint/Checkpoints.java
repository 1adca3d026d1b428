package io.streamtune.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads checkpoints: every parameter, the optimizer state (step and both moments), the tokenizer,
 * label map, hyper-parameters and {@code metadata.json} with a content hash. A checkpoint is self-contained: the
 * evaluator can rebuild the classifier from it alone.
 */
public final class Checkpoints {

    public static final String PARAMETERS = "parameters.bin";
    public static final String FIRST_MOMENTS = "optimizer-m.bin";
    public static final String SECOND_MOMENTS = "optimizer-v.bin";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String METADATA = "metadata.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {}

    /** Writes the tuner's classifier and optimizer as checkpoint {@code id}, atomically. */
    public static CheckpointMetadata save(CheckpointStore store, String id, FineTuner tuner, String baseModel,
            Map<String, String> extra) throws IOException {
        return save(store, id, tuner, baseModel, extra, Map.of());
    }

    /**
     * Writes the tuner's classifier and optimizer as checkpoint {@code id}, atomically, with the caller's own
     * files (the trainer's replay buffer, say): they are hashed into the content hash like every other file and
     * read back, verified, with {@link #readFile}. The tensors go straight from native memory to the files; the
     * caller must not train until it returns (see {@link #snapshot} to write while training goes on).
     */
    public static CheckpointMetadata save(CheckpointStore store, String id, FineTuner tuner, String baseModel,
            Map<String, String> extra, Map<String, byte[]> extraFiles) throws IOException {
        checkExtraFiles(extraFiles);
        try (CheckpointSnapshot view = CheckpointSnapshot.viewOf(tuner, baseModel, extra, extraFiles)) {
            return view.writeTo(store, id);
        }
    }

    /**
     * Copies everything a checkpoint holds (parameters and moments in native memory, a memcpy each) so that
     * {@link CheckpointSnapshot#writeTo} can run on another thread while training goes on. The caller closes it.
     */
    public static CheckpointSnapshot snapshot(FineTuner tuner, String baseModel, Map<String, String> extra,
            Map<String, byte[]> extraFiles) {
        checkExtraFiles(extraFiles);
        return CheckpointSnapshot.copyOf(tuner, baseModel, extra, extraFiles);
    }

    private static void checkExtraFiles(Map<String, byte[]> extraFiles) {
        for (String name : extraFiles.keySet()) {
            if (name.equals(PARAMETERS) || name.equals(FIRST_MOMENTS) || name.equals(SECOND_MOMENTS)
                    || name.equals(TOKENIZER) || name.equals(METADATA)) {
                throw new IllegalArgumentException("extra checkpoint file " + name + " would replace a built-in one");
            }
        }
    }

    public static CheckpointMetadata readMetadata(CheckpointStore store, String id) throws IOException {
        try (InputStream in = store.open(id, METADATA)) {
            CheckpointMetadata metadata = JSON.readValue(in, CheckpointMetadata.class);
            if (metadata.formatVersion() != CheckpointMetadata.FORMAT_VERSION) {
                throw new IOException("checkpoint " + id + " has format version " + metadata.formatVersion()
                        + ", this build reads " + CheckpointMetadata.FORMAT_VERSION);
            }
            return metadata;
        }
    }

    /**
     * Rebuilds the classifier of a checkpoint, verifying each file against its hash.
     *
     * @param device where to run it ({@code auto}, {@code cpu}, {@code gpu:N})
     */
    public static TextClassifier loadClassifier(CheckpointStore store, String id, String device) throws IOException {
        ModelOptions saved = readMetadata(store, id).modelOptions();
        return loadClassifier(store, id, new ModelOptions(saved.maxLength(), saved.dropout(), device, saved.seed()));
    }

    /** As {@link #loadClassifier(CheckpointStore, String, String)}, run with {@code options} instead of the saved. */
    public static TextClassifier loadClassifier(CheckpointStore store, String id, ModelOptions options)
            throws IOException {
        CheckpointMetadata metadata = readMetadata(store, id);
        byte[] tokenizer = readVerified(store, metadata, TOKENIZER);
        TextClassifier classifier = TextClassifier.randomlyInitialized(metadata.modelConfig(), tokenizer,
                new LabelMap(metadata.labels()), options, metadata.baseModelSha256());
        try (NDManager manager = classifier.newManager()) {
            Map<String, NDArray> values = readTensors(store, metadata, PARAMETERS, manager);
            Map<String, Parameter> parameters = classifier.parameters();
            if (!values.keySet().equals(parameters.keySet())) {
                throw new IOException("checkpoint " + id + " parameters do not match the model: "
                        + values.keySet() + " vs " + parameters.keySet());
            }
            values.forEach((name, value) -> copyInto(parameters.get(name).getArray(), value, name));
        } catch (RuntimeException | IOException e) {
            classifier.close();
            throw e;
        }
        return classifier;
    }

    /**
     * Continues training from a checkpoint: its classifier, its hyper-parameters and its optimizer state, so the
     * next steps are those an uninterrupted run would have taken. The caller closes the tuner and its classifier.
     */
    public static FineTuner resume(CheckpointStore store, String id, String device) throws IOException {
        CheckpointMetadata metadata = readMetadata(store, id);
        ModelOptions saved = metadata.modelOptions();
        return resume(store, id, new ModelOptions(saved.maxLength(), saved.dropout(), device, saved.seed()),
                FineTuneConfig.fromMap(metadata.hyperParameters()), metadata.scheduleTotalSteps());
    }

    /**
     * Continues training from a checkpoint's parameters and optimizer state with other settings ({@code options},
     * {@code config}): how a changed task spec applies to the steps to come. The schedule spans
     * {@code config.totalSteps()}.
     */
    public static FineTuner resume(CheckpointStore store, String id, ModelOptions options, FineTuneConfig config)
            throws IOException {
        return resume(store, id, options, config, config.totalSteps());
    }

    private static FineTuner resume(CheckpointStore store, String id, ModelOptions options, FineTuneConfig config,
            long scheduleTotalSteps) throws IOException {
        CheckpointMetadata metadata = readMetadata(store, id);
        TextClassifier classifier = loadClassifier(store, id, options);
        FineTuner tuner = new FineTuner(classifier, config);
        try (NDManager manager = classifier.newManager()) {
            Map<String, NDArray> first = readTensors(store, metadata, FIRST_MOMENTS, manager);
            Map<String, NDArray> second = readTensors(store, metadata, SECOND_MOMENTS, manager);
            tuner.optimizer().restore(metadata.step(), first, second);
            tuner.setScheduleTotalSteps(scheduleTotalSteps);
        } catch (NoSuchFileException e) {
            tuner.close();
            classifier.close();
            throw new IOException("checkpoint " + id + " has no optimizer state (" + e.getMessage() + "): retention "
                    + "keeps it in the newest checkpoint of a task only, resume from that one", e);
        } catch (RuntimeException | IOException e) {
            tuner.close();
            classifier.close();
            throw e;
        }
        return tuner;
    }

    /**
     * Deletes the optimizer moments of a checkpoint, which only resuming training needs, keeping everything a
     * model is rebuilt from. The metadata is left as written, so the content hash an event or a promotion announced
     * still matches, and every remaining file still verifies against its own recorded hash.
     *
     * @return whether anything was deleted (false when the moments were dropped before)
     */
    public static boolean dropOptimizerState(CheckpointStore store, String id) throws IOException {
        boolean first = store.deleteFile(id, FIRST_MOMENTS);
        boolean second = store.deleteFile(id, SECOND_MOMENTS);
        return first || second;
    }

    /** One file of a committed checkpoint, verified against the hash its metadata records. */
    public static byte[] readFile(CheckpointStore store, String id, String file) throws IOException {
        CheckpointMetadata metadata = readMetadata(store, id);
        if (!metadata.files().containsKey(file)) {
            throw new IOException("checkpoint " + id + " has no file " + file);
        }
        return readVerified(store, metadata, file);
    }

    private static void copyInto(NDArray target, NDArray value, String name) {
        if (!target.getShape().equals(value.getShape())) {
            throw new IllegalStateException("checkpoint parameter " + name + " has shape " + value.getShape()
                    + ", the model expects " + target.getShape());
        }
        target.set(FloatBuffer.wrap(value.toFloatArray()));
    }

    private static Map<String, NDArray> readTensors(CheckpointStore store, CheckpointMetadata metadata, String file,
            NDManager manager) throws IOException {
        return TensorFile.read(new ByteArrayInputStream(readVerified(store, metadata, file)), manager);
    }

    private static byte[] readVerified(CheckpointStore store, CheckpointMetadata metadata, String file)
            throws IOException {
        byte[] bytes;
        try (InputStream in = store.open(metadata.id(), file)) {
            bytes = in.readAllBytes();
        }
        String expected = metadata.files().get(file);
        String actual = HexFormat.of().formatHex(sha256().digest(bytes));
        if (!actual.equals(expected)) {
            throw new IOException("checkpoint " + metadata.id() + " file " + file + " is corrupt: SHA-256 "
                    + actual + ", metadata says " + expected);
        }
        return bytes;
    }

    /** SHA-256 over the sorted {@code name:hash} lines. */
    public static String contentHash(Map<String, String> fileHashes) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(fileHashes).forEach((name, hash) -> lines.append(name).append(':').append(hash).append('\n'));
        return HexFormat.of().formatHex(sha256().digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

}
