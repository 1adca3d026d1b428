package io.streamtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.streamtune.model.bert.BertEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sequence classifier: BERT encoder, mean pooling over the attention mask (as sentence-transformers pools
 * all-MiniLM-L6-v2), dropout and a linear head with one output per label. Input: ids, mask, type ids; output:
 * logits {@code (batch, labels)}.
 */
public final class ClassifierBlock extends AbstractBlock {

    /** Hugging Face-style names of the head's parameters. */
    public static final String HEAD_WEIGHT = "classifier.weight";
    public static final String HEAD_BIAS = "classifier.bias";

    private final BertEncoder encoder;
    private final Dropout dropout;
    private final Linear head;

    public ClassifierBlock(BertEncoder encoder, int numLabels, float dropoutRate) {
        this.encoder = addChildBlock("encoder", encoder);
        dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
        head = addChildBlock("classifier", Linear.builder().setUnits(numLabels).build());
    }

    public BertEncoder encoder() {
        return encoder;
    }

    /** Mean of the hidden states over the positions whose mask is 1. */
    public static NDArray meanPool(NDArray hidden, NDArray mask) {
        NDArray weights = mask.toType(DataType.FLOAT32, false).expandDims(-1);
        NDArray counts = weights.sum(new int[] {1}).maximum(1e-9f);
        return hidden.mul(weights).sum(new int[] {1}).div(counts);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray hidden = encoder.forward(store, inputs, training).head();
        NDArray pooled = meanPool(hidden, inputs.get(1));
        NDList dropped = dropout.forward(store, new NDList(pooled), training);
        return head.forward(store, dropped, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), head.getParameters().get("weight").getShape().get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape pooled = new Shape(inputShapes[0].get(0), encoder.config().hiddenSize());
        dropout.initialize(manager, dataType, pooled);
        head.initialize(manager, dataType, pooled);
    }

    /** Every parameter under its Hugging Face-style name, encoder first, head last. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>(encoder.namedParameters());
        named.put(HEAD_WEIGHT, head.getParameters().get("weight"));
        named.put(HEAD_BIAS, head.getParameters().get("bias"));
        return named;
    }
}
