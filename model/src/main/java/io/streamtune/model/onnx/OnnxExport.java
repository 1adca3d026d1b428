package io.streamtune.model.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamtune.model.TextClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TextClassifier} as a standard ONNX model any ONNX Runtime serves: the BERT encoder with its
 * fine-tuned weights, mean pooling over the attention mask, the classification head and a softmax, at opset
 * {@value #OPSET} with dynamic {@code batch} and {@code sequence} axes.
 *
 * <p>Inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids}: int64 {@code (batch, sequence)}, as
 * the classifier's {@code tokenizer.json} produces them. Outputs {@code logits} and {@code probabilities}: float32
 * {@code (batch, labels)}, labels in the order of {@code labels.json}.
 */
public final class OnnxExport {

    /** ONNX operator set: the first with {@code LayerNormalization}; ONNX Runtime 1.14 and later run it. */
    public static final int OPSET = 17;
    /** The IR version that goes with opset 17. */
    public static final int IR_VERSION = 8;
    public static final List<String> INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";

    public static final String MODEL_FILE = "model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String LABELS_FILE = "labels.json";
    public static final String DESCRIPTION_FILE = "model.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Where an exported model came from, written to {@code model.json} and the ONNX file's metadata.
     *
     * @param task the task the model classifies for
     * @param version the checkpoint id
     * @param contentHash the checkpoint's content hash
     * @param baseModel the base model reference the lineage started from (null: none recorded)
     */
    public record Description(String task, String version, String contentHash, String baseModel) {}

    private OnnxExport() {}

    /** The ONNX model in memory, without provenance metadata: what a runtime loads from bytes. */
    public static byte[] toBytes(TextClassifier classifier) {
        return toBytes(classifier, Map.of());
    }

    /** The ONNX model in memory, with these {@code metadata_props} (key, value). */
    public static byte[] toBytes(TextClassifier classifier, Map<String, String> metadata) {
        OnnxGraph graph = ClassifierGraph.build(classifier.parameters(), classifier.config(),
                classifier.labels().size());
        return graph.toModel("streamtune_classifier", IR_VERSION, OPSET, "streamtune", metadata);
    }

    /**
     * Writes {@value #MODEL_FILE}, {@value #TOKENIZER_FILE}, {@value #LABELS_FILE} and {@value #DESCRIPTION_FILE}
     * into {@code dir} (created if missing; files of those names are replaced).
     */
    public static void write(TextClassifier classifier, Path dir, Description description) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> info = describe(classifier, description);
        Map<String, String> metadata = new LinkedHashMap<>();
        putIfKnown(metadata, "task", description.task());
        putIfKnown(metadata, "version", description.version());
        putIfKnown(metadata, "content_hash", description.contentHash());
        metadata.put("labels", JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(classifier.labels().labels()));
        Files.write(dir.resolve(MODEL_FILE), toBytes(classifier, metadata));
        Files.write(dir.resolve(TOKENIZER_FILE), classifier.tokenizerJson());
        JSON.writeValue(dir.resolve(LABELS_FILE).toFile(), classifier.labels().labels());
        JSON.writeValue(dir.resolve(DESCRIPTION_FILE).toFile(), info);
    }

    private static void putIfKnown(Map<String, String> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

    private static Map<String, Object> describe(TextClassifier classifier, Description description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("format", "onnx");
        info.put("task", description.task());
        info.put("version", description.version());
        info.put("contentHash", description.contentHash());
        info.put("baseModel", description.baseModel());
        info.put("baseModelSha256", classifier.baseModelSha256());
        info.put("labels", classifier.labels().labels());
        info.put("maxLength", classifier.options().maxLength());
        info.put("opset", OPSET);
        info.put("model", MODEL_FILE);
        info.put("tokenizer", TOKENIZER_FILE);
        info.put("inputs", INPUTS);
        info.put("outputs", List.of(LOGITS, PROBABILITIES));
        info.put("pooling", "mean over attention_mask");
        return info;
    }
}
