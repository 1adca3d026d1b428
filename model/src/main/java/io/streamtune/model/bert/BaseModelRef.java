package io.streamtune.model.bert;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a task's model starts, as a task spec names it ({@code baseModel} and {@code baseModelTokenizer}):
 * a built-in ({@link BuiltinBase}), {@code tiny} (a small randomly initialised encoder for tests and demos), or
 * {@code onnx:<path>} with {@code tokenizer:<path>} for any BERT-family Hugging Face ONNX export.
 *
 * <p>{@link #parse} only checks the form; {@link BaseModels#validate} checks that the files are there and
 * loadable. Built-in names are stored in their canonical spelling, so equal references are equal records.
 *
 * @param baseModel the canonical reference: a built-in name, {@code tiny} or {@code onnx:<path>}
 * @param tokenizer {@code tokenizer:<path>} for an {@code onnx:} base, else null
 */
public record BaseModelRef(String baseModel, String tokenizer) {

    public static final String TINY = "tiny";
    public static final String ONNX_PREFIX = "onnx:";
    public static final String TOKENIZER_PREFIX = "tokenizer:";

    /** Only canonical references: what {@link #parse} returns. */
    public BaseModelRef {
        boolean onnx = baseModel != null && baseModel.startsWith(ONNX_PREFIX);
        boolean named = baseModel != null && (baseModel.equals(TINY)
                || BuiltinBase.find(baseModel).filter(builtin -> builtin.id().equals(baseModel)).isPresent());
        if (!(onnx || named) || onnx != (tokenizer != null && tokenizer.startsWith(TOKENIZER_PREFIX))) {
            throw new InvalidBaseModelException("not a canonical base model reference: " + baseModel + " / "
                    + tokenizer + "; build one with BaseModelRef.parse");
        }
    }

    /** all-MiniLM-L6-v2, the default base. */
    public static final BaseModelRef DEFAULT = new BaseModelRef(BuiltinBase.ALL_MINILM_L6_V2.id(), null);

    /**
     * Reads a reference as a task spec writes it.
     *
     * @param baseModel a built-in name (any case), {@code tiny} or {@code onnx:<path>}
     * @param tokenizer {@code tokenizer:<path>} (or a bare path) of the {@code tokenizer.json}; only, and always,
     *     with {@code onnx:}
     * @throws InvalidBaseModelException naming what is missing or unknown
     */
    public static BaseModelRef parse(String baseModel, String tokenizer) {
        if (baseModel == null || baseModel.isBlank()) {
            throw new InvalidBaseModelException("no base model given: expected " + expected());
        }
        String model = baseModel.trim();
        String tokenizerPath = tokenizerPath(tokenizer);
        if (model.regionMatches(true, 0, ONNX_PREFIX, 0, ONNX_PREFIX.length())) {
            String path = model.substring(ONNX_PREFIX.length()).trim();
            if (path.isEmpty()) {
                throw new InvalidBaseModelException("base model '" + model + "' names no ONNX file: expected "
                        + ONNX_PREFIX + "<path to model.onnx>");
            }
            if (tokenizerPath == null) {
                throw new InvalidBaseModelException("base model " + model + " has no tokenizer: an " + ONNX_PREFIX
                        + " base needs baseModelTokenizer " + TOKENIZER_PREFIX + "<path to tokenizer.json>");
            }
            return new BaseModelRef(ONNX_PREFIX + path, TOKENIZER_PREFIX + tokenizerPath);
        }
        String canonical = model.equalsIgnoreCase(TINY) ? TINY : BuiltinBase.find(model).map(BuiltinBase::id)
                .orElseThrow(() -> new InvalidBaseModelException("unknown base model '" + model + "': expected "
                        + expected()));
        if (tokenizerPath != null) {
            throw new InvalidBaseModelException("tokenizer " + tokenizer + " given without an ONNX file: "
                    + canonical + " brings its own tokenizer; a tokenizer goes with " + ONNX_PREFIX + "<path>");
        }
        return new BaseModelRef(canonical, null);
    }

    /** {@link #parse} with no tokenizer: for built-ins and {@code tiny}. */
    public static BaseModelRef parse(String baseModel) {
        return parse(baseModel, null);
    }

    /** The name written into checkpoints and events: the base model reference itself. */
    public String id() {
        return baseModel;
    }

    public boolean isTiny() {
        return TINY.equals(baseModel);
    }

    public Optional<BuiltinBase> builtin() {
        return onnxFile().isPresent() ? Optional.empty() : BuiltinBase.find(baseModel);
    }

    /** The ONNX file of an {@code onnx:} reference. */
    public Optional<Path> onnxFile() {
        return baseModel.startsWith(ONNX_PREFIX) ? Optional.of(Path.of(baseModel.substring(ONNX_PREFIX.length())))
                : Optional.empty();
    }

    /** The {@code tokenizer.json} of an {@code onnx:} reference. */
    public Optional<Path> tokenizerFile() {
        return tokenizer == null ? Optional.empty()
                : Optional.of(Path.of(tokenizer.substring(TOKENIZER_PREFIX.length())));
    }

    /** Every name {@link #parse} accepts besides {@code onnx:}, for help texts. */
    public static String[] names() {
        return Stream.concat(Arrays.stream(BuiltinBase.values()).map(BuiltinBase::id), Stream.of(TINY))
                .toArray(String[]::new);
    }

    @Override
    public String toString() {
        return tokenizer == null ? baseModel : baseModel + " + " + tokenizer;
    }

    private static String tokenizerPath(String tokenizer) {
        if (tokenizer == null || tokenizer.isBlank()) {
            return null;
        }
        String value = tokenizer.trim();
        String path = value.regionMatches(true, 0, TOKENIZER_PREFIX, 0, TOKENIZER_PREFIX.length())
                ? value.substring(TOKENIZER_PREFIX.length()).trim() : value;
        if (path.isEmpty()) {
            throw new InvalidBaseModelException("tokenizer '" + value + "' names no file: expected "
                    + TOKENIZER_PREFIX + "<path to tokenizer.json>");
        }
        return path;
    }

    private static String expected() {
        return Arrays.stream(names()).collect(Collectors.joining(", ")) + ", or " + ONNX_PREFIX
                + "<path> with " + TOKENIZER_PREFIX + "<path>";
    }
}
