package io.streamtune.serving.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TextTokenizer;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.onnx.OnnxExport;
import io.streamtune.serving.Scorer;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Scorer} on ONNX Runtime: the checkpoint's classifier exported to an ONNX graph in memory
 * ({@link OnnxExport}) and run by an {@link OrtSession}, fed by the classifier's own tokenizer. The DJL model is
 * closed once exported, so only ONNX Runtime holds the weights. Thread-safe: an {@code OrtSession} runs concurrent
 * calls.
 */
public final class OnnxScorer implements Scorer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final TextTokenizer tokenizer;
    private final List<String> labels;

    private OnnxScorer(byte[] model, TextTokenizer tokenizer, List<String> labels, int intraOpThreads)
            throws OrtException {
        this(model, tokenizer, labels, intraOpThreads, false);
    }

    private OnnxScorer(byte[] model, TextTokenizer tokenizer, List<String> labels, int intraOpThreads,
            boolean spinning) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            // One request at a time per session call: inter-op parallelism only adds threads on shared cores.
            options.setInterOpNumThreads(1);
            // Idle workers sleep instead of spinning, as OMP_WAIT_POLICY=PASSIVE makes libtorch's: on shared cores a
            // spinning worker burns the time slices the busy ones need.
            options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            this.session = environment.createSession(model, options);
        }
        this.tokenizer = tokenizer;
        this.labels = labels;
    }

    /**
     * Loads checkpoint {@code id} (verifying its hashes), exports it to ONNX and opens it with
     * {@code intraOpThreads} threads per call (0: ONNX Runtime's default, one per core).
     */
    public static OnnxScorer fromCheckpoint(CheckpointStore store, String id, int intraOpThreads)
            throws IOException {
        try (TextClassifier classifier = Checkpoints.loadClassifier(store, id, "cpu")) {
            return fromClassifier(classifier, intraOpThreads);
        }
    }

    /** Exports {@code classifier} (left open: the caller closes it) and opens the graph in ONNX Runtime. */
    public static OnnxScorer fromClassifier(TextClassifier classifier, int intraOpThreads) {
        return fromClassifier(classifier, intraOpThreads, false);
    }

    /**
     * As {@link #fromClassifier(TextClassifier, int)}; {@code spinning} lets idle intra-op workers spin (ONNX
     * Runtime's own default: faster on cores of one's own, slower on shared ones).
     */
    public static OnnxScorer fromClassifier(TextClassifier classifier, int intraOpThreads, boolean spinning) {
        byte[] model = OnnxExport.toBytes(classifier);
        TextTokenizer tokenizer = new TextTokenizer(classifier.tokenizerJson(), classifier.options().maxLength());
        try {
            return new OnnxScorer(model, tokenizer, classifier.labels().labels(), intraOpThreads, spinning);
        } catch (OrtException e) {
            tokenizer.close();
            throw new IllegalStateException("ONNX Runtime cannot open the exported classifier", e);
        }
    }

    /**
     * Opens a directory written by {@link OnnxExport#write} (or {@code streamtune export}): {@code model.onnx},
     * {@code tokenizer.json}, {@code labels.json} and the maximum length from {@code model.json}.
     */
    public static OnnxScorer fromExport(Path dir, int intraOpThreads) throws IOException {
        JsonNode description = JSON.readTree(dir.resolve(OnnxExport.DESCRIPTION_FILE).toFile());
        List<String> labels = List.of(JSON.readValue(dir.resolve(OnnxExport.LABELS_FILE).toFile(), String[].class));
        TextTokenizer tokenizer = new TextTokenizer(Files.readAllBytes(dir.resolve(OnnxExport.TOKENIZER_FILE)),
                description.path("maxLength").asInt(ModelOptions.DEFAULTS.maxLength()));
        try {
            return new OnnxScorer(Files.readAllBytes(dir.resolve(OnnxExport.MODEL_FILE)), tokenizer, labels,
                    intraOpThreads);
        } catch (OrtException | IOException e) {
            tokenizer.close();
            throw new IOException("ONNX Runtime cannot open the model exported to " + dir, e);
        }
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<float[]> probabilities(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        return probabilities(tokenizer.encode(texts));
    }

    /** Class probabilities for texts already tokenized by this model's tokenizer, one row per text. */
    public List<float[]> probabilities(TextTokenizer.Tokens tokens) {
        long[] shape = {tokens.batch(), tokens.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", tensor(tokens.ids(), shape));
            inputs.put("attention_mask", tensor(tokens.mask(), shape));
            inputs.put("token_type_ids", tensor(tokens.types(), shape));
            try (OrtSession.Result result = session.run(inputs, Set.of(OnnxExport.PROBABILITIES))) {
                return Arrays.asList((float[][]) result.get(0).getValue());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score " + tokens.batch() + " texts", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session", e);
        } finally {
            tokenizer.close();
        }
    }
}
