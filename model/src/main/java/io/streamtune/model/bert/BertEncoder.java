package io.streamtune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.streamtune.model.ScopedArrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face-exact BERT encoder built from DJL blocks (DJL's own {@code BertBlock} normalises with BatchNorm
 * and is not BERT). Input: token ids, attention mask and token-type ids, each {@code (batch, length)} int64;
 * output: the last hidden states {@code (batch, length, hidden)}.
 */
public final class BertEncoder extends AbstractBlock {

    /** Added to the attention scores of padding keys: large enough that softmax gives them exactly 0. */
    private static final float MASKED_SCORE = -1e9f;

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final List<BertLayer> layers = new ArrayList<>();

    public BertEncoder(BertConfig config, float dropoutRate) {
        this.config = config;
        embeddings = addChildBlock("embeddings", new BertEmbeddings(config, dropoutRate));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new BertLayer(config, dropoutRate)));
        }
    }

    public BertConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray types = inputs.get(2);
        NDArray maskBias = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASKED_SCORE)
                .expandDims(1).expandDims(1);
        NDArray hidden = ScopedArrays.keepingOnly(
                () -> embeddings.forward(store, new NDList(ids, types), training).head());
        // Each block's intermediates are freed when it returns (ScopedArrays), as PyTorch frees them.
        for (BertLayer layer : layers) {
            NDArray input = hidden;
            hidden = ScopedArrays.keepingOnly(() -> layer.forward(store, new NDList(input, maskBias), training).head());
        }
        return new NDList(hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        embeddings.initialize(manager, dataType, tokens, tokens);
        Shape hidden = tokens.add(config.hiddenSize());
        Shape mask = new Shape(tokens.get(0), 1, 1, tokens.get(1));
        for (BertLayer layer : layers) {
            layer.initialize(manager, dataType, hidden, mask);
        }
    }

    /** Parameters under their Hugging Face names ({@code encoder.layer.3.output.dense.weight}). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        embeddings.nameParameters("embeddings", named);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).nameParameters("encoder.layer." + i, named);
        }
        return Collections.unmodifiableMap(named);
    }
}
