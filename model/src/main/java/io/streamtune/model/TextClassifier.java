package io.streamtune.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.model.bert.BertEncoder;
import io.streamtune.model.internals.LibTorch;
import io.streamtune.model.onnx.OnnxInitializers.Tensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A text classifier ready to run: tokenizer, {@link ClassifierBlock} with its parameters on a device, and the
 * label map. Owns native memory: close it.
 */
public final class TextClassifier implements AutoCloseable {

    /** Hugging Face's BERT initialiser range, used for the new head and for randomly initialised encoders. */
    private static final float INIT_STD = 0.02f;

    private final Model model;
    private final ClassifierBlock block;
    private final TextTokenizer tokenizer;
    private final LabelMap labels;
    private final ModelOptions options;
    private final byte[] tokenizerJson;
    private final Map<String, Parameter> parameters;
    private final String baseModelSha256;

    private TextClassifier(BertConfig config, byte[] tokenizerJson, LabelMap labels, ModelOptions options,
            Map<String, Tensor> pretrained, String baseModelSha256) {
        NativeRuntime.logOnce();
        this.baseModelSha256 = baseModelSha256;
        this.labels = labels;
        this.options = options;
        this.tokenizerJson = tokenizerJson.clone();
        Device device = options.resolveDevice();
        Engine.getInstance().setRandomSeed(options.seed());
        this.tokenizer = new TextTokenizer(tokenizerJson, options.maxLength());
        this.block = new ClassifierBlock(new BertEncoder(config, options.dropout()), labels.size(), options.dropout());
        block.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        this.model = Model.newInstance("streamtune-classifier", device);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, options.maxLength()),
                new Shape(1, options.maxLength()), new Shape(1, options.maxLength()));
        this.parameters = Collections.unmodifiableMap(block.namedParameters());
        if (pretrained != null) {
            loadEncoderWeights(pretrained);
        }
    }

    /** A classifier on a pre-trained encoder with a fresh head sized by the labels. */
    public static TextClassifier fromPretrained(BaseModel base, LabelMap labels, ModelOptions options) {
        return new TextClassifier(base.config(), base.tokenizerJson(), labels, options, base.weights(),
                base.sha256());
    }

    /** A randomly initialised classifier of the given shape: for tests and from-scratch experiments. */
    public static TextClassifier randomlyInitialized(BertConfig config, byte[] tokenizerJson, LabelMap labels,
            ModelOptions options) {
        return randomlyInitialized(config, tokenizerJson, labels, options, null);
    }

    /**
     * A randomly initialised classifier that descends from the base file with this SHA-256 (null: none), for
     * parameters about to be restored from a checkpoint.
     */
    public static TextClassifier randomlyInitialized(BertConfig config, byte[] tokenizerJson, LabelMap labels,
            ModelOptions options, String baseModelSha256) {
        return new TextClassifier(config, tokenizerJson, labels, options, null, baseModelSha256);
    }

    private void loadEncoderWeights(Map<String, Tensor> pretrained) {
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("classifier.")) {
                continue;
            }
            Tensor tensor = pretrained.get(name);
            if (tensor == null) {
                throw new IllegalArgumentException("the base model has no weight " + name);
            }
            NDArray array = entry.getValue().getArray();
            if (!array.getShape().equals(new Shape(tensor.shape()))) {
                throw new IllegalArgumentException("weight " + name + " has shape " + new Shape(tensor.shape())
                        + " but the encoder expects " + array.getShape());
            }
            array.set(FloatBuffer.wrap(tensor.data()));
        }
    }

    public ClassifierBlock block() {
        return block;
    }

    public LabelMap labels() {
        return labels;
    }

    public ModelOptions options() {
        return options;
    }

    public BertConfig config() {
        return block.encoder().config();
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** SHA-256 of the ONNX file of the pre-trained base this classifier started from; null when it had none. */
    public String baseModelSha256() {
        return baseModelSha256;
    }

    /** The tokenizer.json this classifier was built with, for checkpoints. */
    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    /** Every parameter under its Hugging Face-style name, in a stable order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Tokenizes, truncates to {@code maxLength} and pads to the longest text: ids, mask, type ids. */
    public NDList encode(NDManager manager, List<String> texts) {
        return inputs(manager, tokenizer.encode(texts));
    }

    private NDList inputs(NDManager manager, TextTokenizer.Tokens tokens) {
        Shape shape = new Shape(tokens.batch(), tokens.length());
        return new NDList(manager.create(tokens.ids(), shape), manager.create(tokens.mask(), shape),
                manager.create(tokens.types(), shape)).toDevice(device(), false);
    }

    /** Logits for the texts; arrays are created on (and must be closed with) {@code manager}. */
    public NDArray logits(NDManager manager, List<String> texts, boolean training) {
        return logits(manager, encode(manager, texts), training);
    }

    private NDArray logits(NDManager manager, NDList inputs, boolean training) {
        return block.forward(new ParameterStore(manager, false), inputs, training).head();
    }

    /**
     * Class probabilities, one row per text in the texts' order, computed without gradients in batches of up to
     * {@code batchSize} texts of similar token length ({@link LengthBatches}).
     */
    public List<float[]> predictProbabilities(List<String> texts, int batchSize) {
        return rowsInBatches(texts, batchSize, labels.size(),
                (scope, inputs) -> logits(scope, inputs, false).softmax(-1));
    }

    /**
     * The encoder's sentence embeddings (hidden states mean-pooled over real tokens, as the head sees them before
     * dropout), one row per text, in batches of {@code batchSize} without gradients: the features a linear probe
     * of the encoder is fitted on.
     */
    public List<float[]> embeddings(List<String> texts, int batchSize) {
        return rowsInBatches(texts, batchSize, config().hiddenSize(), (scope, inputs) -> {
            NDArray hidden = block.encoder().forward(new ParameterStore(scope, false), inputs, false).head();
            return ClassifierBlock.meanPool(hidden, inputs.get(1));
        });
    }

    /**
     * Tokenizes every text once, runs {@code forward} on length-sorted batches with grad mode off on this thread
     * (libtorch's grad mode is per thread and on by default, so a forward pass on any thread but the one that
     * loaded the engine would record a graph) and returns {@code width} values per text in the texts' order.
     */
    List<float[]> rowsInBatches(List<String> texts, int batchSize, int width,
            BiFunction<NDManager, NDList, NDArray> forward) {
        if (texts.isEmpty()) {
            return new ArrayList<>();
        }
        TextTokenizer.Tokens tokens = tokenizer.encode(texts);
        return LibTorch.withoutGrad(() -> LengthBatches.score(tokens, batchSize, batch -> {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                float[] flat = forward.apply(scope, inputs(scope, batch)).toFloatArray();
                List<float[]> rows = new ArrayList<>(batch.batch());
                for (int i = 0; i < batch.batch(); i++) {
                    rows.add(Arrays.copyOfRange(flat, i * width, (i + 1) * width));
                }
                return rows;
            }
        }));
    }

    /** A fresh manager on this classifier's device, for callers' temporary arrays. */
    public NDManager newManager() {
        return model.getNDManager().newSubManager();
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
