package io.streamtune.model.bert;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.onnx.OnnxFormatException;
import io.streamtune.model.onnx.OnnxInitializers;
import io.streamtune.model.onnx.OnnxInitializers.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates and loads base models by {@link BaseModelRef}. A base is loaded once per process and shared, read-only,
 * by every classifier built on it: each classifier copies the weights into its own engine arrays, so tasks that
 * fine-tune the same base never see each other's updates.
 */
public final class BaseModels {

    private static final Logger LOG = LoggerFactory.getLogger(BaseModels.class);
    private static final Map<BaseModelRef, BaseModel> LOADED = new ConcurrentHashMap<>();

    private BaseModels() {}

    /**
     * The base model, read on first use and kept for the life of the process.
     *
     * @throws InvalidBaseModelException when it cannot be loaded, naming the missing or unsupported piece
     */
    public static BaseModel load(BaseModelRef ref) {
        if (ref.isTiny()) {
            throw new InvalidBaseModelException("base model tiny has no pre-trained weights: build it with "
                    + "newClassifier");
        }
        return LOADED.computeIfAbsent(ref, BaseModels::read);
    }

    /**
     * Checks that {@code ref} would load, without reading any weight values: for a built-in, its jar is on the class
     * path; for {@code onnx:}, both files exist, the graph is a supported BERT export with every weight, and the
     * tokenizer's vocabulary matches the embeddings. Cheap enough to call before writing a task spec.
     *
     * @throws InvalidBaseModelException naming the missing or unsupported piece
     */
    public static void validate(BaseModelRef ref) {
        if (ref.isTiny() || LOADED.containsKey(ref)) {
            return;
        }
        if (ref.builtin().isPresent()) {
            BuiltinBase builtin = ref.builtin().get();
            for (String resource : new String[] {builtin.onnxResource(), builtin.tokenizerResource()}) {
                if (BaseModels.class.getClassLoader().getResource(resource) == null) {
                    throw new InvalidBaseModelException("base model " + builtin.id() + " is not installed: resource "
                            + resource + " not on the class path (jar dev.langchain4j:" + builtin.artifactId() + ")");
                }
            }
            return;
        }
        Path onnx = existing("ONNX file", ref.onnxFile().orElseThrow());
        Path tokenizer = existing("tokenizer", ref.tokenizerFile().orElseThrow());
        inspect(onnx.toString(), tokenizer.toString(), map(onnx), readFile(tokenizer), false);
    }

    /** How many encoder layers {@code ref} has (loads a pre-trained base once, as {@link #load} does). */
    public static int encoderLayers(BaseModelRef ref) {
        return ref.isTiny() ? BertConfig.tiny(30522).numLayers() : load(ref).config().numLayers();
    }

    /** A new classifier on {@code ref} with a fresh head for {@code labels}; the caller closes it. */
    public static TextClassifier newClassifier(BaseModelRef ref, LabelMap labels, ModelOptions options) {
        if (ref.isTiny()) {
            return TextClassifier.randomlyInitialized(BertConfig.tiny(30522),
                    BaseModel.readResource(BuiltinBase.ALL_MINILM_L6_V2.tokenizerResource()), labels, options);
        }
        return TextClassifier.fromPretrained(load(ref), labels, options);
    }

    private static BaseModel read(BaseModelRef ref) {
        long start = System.nanoTime();
        BaseModel base;
        if (ref.builtin().isPresent()) {
            validate(ref);
            BuiltinBase builtin = ref.builtin().get();
            base = inspect(ref.id(), builtin.tokenizerResource(),
                    ByteBuffer.wrap(BaseModel.readResource(builtin.onnxResource())),
                    BaseModel.readResource(builtin.tokenizerResource()), true);
        } else {
            Path onnx = existing("ONNX file", ref.onnxFile().orElseThrow());
            Path tokenizer = existing("tokenizer", ref.tokenizerFile().orElseThrow());
            base = inspect(ref.id(), tokenizer.toString(), map(onnx), readFile(tokenizer), true);
        }
        LOG.info("Loaded base model {} ({} layers, hidden {}, {} heads, vocabulary {}) in {} ms", ref,
                base.config().numLayers(), base.config().hiddenSize(), base.config().numHeads(),
                base.config().vocabSize(), (System.nanoTime() - start) / 1_000_000);
        return base;
    }

    /** Runs every check on the export; returns the model when {@code withData}, else null. */
    static BaseModel inspect(String source, String tokenizerSource, ByteBuffer onnxBytes, byte[] tokenizerJson,
            boolean withData) {
        OnnxInitializers onnx;
        try {
            onnx = withData ? OnnxInitializers.parse(onnxBytes.duplicate())
                    : OnnxInitializers.parseLayout(onnxBytes.duplicate());
        } catch (OnnxFormatException | java.nio.BufferUnderflowException e) {
            throw new InvalidBaseModelException(source + " is not a readable ONNX model: " + e.getMessage(), e);
        }
        BaseModelCheck.checkOperators(source, onnx);
        Map<String, Tensor> weights = BertWeights.fromOnnx(onnx);
        Tensor words = weights.get("embeddings.word_embeddings.weight");
        if (words == null || words.shape().length != 2) {
            throw new InvalidBaseModelException(source + " has no weight embeddings.word_embeddings.weight: not a "
                    + "BERT-family export with Hugging Face names");
        }
        int hidden = (int) words.shape()[1];
        int heads = AttentionHeads.fromGraph(onnx, hidden).orElseGet(() -> {
            int guess = AttentionHeads.fallback(hidden).orElseThrow(() -> new InvalidBaseModelException(source
                    + " does not show its number of attention heads (no Reshape of the query to (batch, length, "
                    + "heads, headSize)) and hidden size " + hidden + " fits no default"));
            LOG.warn("{} does not show its attention heads in the graph: assuming {} (hidden {})", source, guess,
                    hidden);
            return guess;
        });
        BertConfig config;
        try {
            config = BertConfig.inferFrom(weights, heads);
        } catch (IllegalArgumentException e) {
            throw new InvalidBaseModelException(source + ": " + e.getMessage(), e);
        }
        BaseModelCheck.checkWeights(source, weights, config);
        BaseModelCheck.checkVocabulary(tokenizerSource, tokenizerJson, config);
        return withData ? new BaseModel(source, config, Map.copyOf(weights), tokenizerJson,
                BaseModel.sha256(onnxBytes)) : null;
    }

    private static Path existing(String what, Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidBaseModelException(what + " " + path + " not found (or not a readable file)");
        }
        return path;
    }

    private static ByteBuffer map(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read base model " + file, e);
        }
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
