package io.streamtune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * One post-LayerNorm transformer layer exactly as Hugging Face's BertLayer: multi-head self-attention with an
 * additive key mask, residual + LayerNorm, erf-GELU feed-forward, residual + LayerNorm.
 */
public final class BertLayer extends AbstractBlock {

    private final BertConfig config;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear attentionOutput;
    private final LayerNorm attentionNorm;
    private final Linear intermediate;
    private final Linear output;
    private final LayerNorm outputNorm;
    private final Dropout attentionDropout;
    private final Dropout attentionOutputDropout;
    private final Dropout outputDropout;

    BertLayer(BertConfig config, float dropoutRate) {
        this.config = config;
        int hidden = config.hiddenSize();
        query = addChildBlock("query", Blocks.linear(hidden));
        key = addChildBlock("key", Blocks.linear(hidden));
        value = addChildBlock("value", Blocks.linear(hidden));
        attentionDropout = addChildBlock("attentionDropout", Dropout.builder().optRate(dropoutRate).build());
        attentionOutput = addChildBlock("attentionOutput", Blocks.linear(hidden));
        attentionOutputDropout = addChildBlock("attentionOutputDropout",
                Dropout.builder().optRate(dropoutRate).build());
        attentionNorm = addChildBlock("attentionNorm", Blocks.layerNorm(config.layerNormEps()));
        intermediate = addChildBlock("intermediate", Blocks.linear(config.intermediateSize()));
        output = addChildBlock("output", Blocks.linear(hidden));
        outputDropout = addChildBlock("outputDropout", Dropout.builder().optRate(dropoutRate).build());
        outputNorm = addChildBlock("outputNorm", Blocks.layerNorm(config.layerNormEps()));
    }

    /**
     * inputs: hidden states {@code (batch, length, hidden)} and the additive key mask
     * {@code (batch, 1, 1, length)}.
     */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.get(1);
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long length = shape.get(1);

        NDArray q = heads(query.forward(store, new NDList(x), training).head(), batch, length);
        NDArray k = heads(key.forward(store, new NDList(x), training).head(), batch, length);
        NDArray v = heads(value.forward(store, new NDList(x), training).head(), batch, length);
        NDArray products = q.matMul(k.transpose(0, 1, 3, 2));
        NDArray scores = products.div(Blocks.scalar(products, (float) Math.sqrt(config.headSize()))).add(maskBias);
        NDArray probabilities = attentionDropout.forward(store, new NDList(scores.softmax(-1)), training).head();
        NDArray context = probabilities.matMul(v).transpose(0, 2, 1, 3)
                .reshape(batch, length, config.hiddenSize());

        NDArray attended = attentionOutputDropout.forward(store,
                attentionOutput.forward(store, new NDList(context), training), training).head();
        NDArray afterAttention = attentionNorm.forward(store, new NDList(attended.add(x)), training).head();

        NDArray expanded = Activation.gelu(intermediate.forward(store, new NDList(afterAttention), training).head());
        NDArray projected = outputDropout.forward(store,
                output.forward(store, new NDList(expanded), training), training).head();
        return outputNorm.forward(store, new NDList(projected.add(afterAttention)), training);
    }

    private NDArray heads(NDArray projected, long batch, long length) {
        return projected.reshape(batch, length, config.numHeads(), config.headSize()).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0];
        Shape wide = new Shape(hidden.get(0), hidden.get(1), config.intermediateSize());
        for (Linear linear : new Linear[] {query, key, value, attentionOutput, intermediate}) {
            linear.initialize(manager, dataType, hidden);
        }
        output.initialize(manager, dataType, wide);
        attentionNorm.initialize(manager, dataType, hidden);
        outputNorm.initialize(manager, dataType, hidden);
        for (Dropout dropout : new Dropout[] {attentionDropout, attentionOutputDropout, outputDropout}) {
            dropout.initialize(manager, dataType, hidden);
        }
    }

    void nameParameters(String prefix, Map<String, Parameter> out) {
        Blocks.nameLinear(prefix + ".attention.self.query", query, out);
        Blocks.nameLinear(prefix + ".attention.self.key", key, out);
        Blocks.nameLinear(prefix + ".attention.self.value", value, out);
        Blocks.nameLinear(prefix + ".attention.output.dense", attentionOutput, out);
        Blocks.nameLayerNorm(prefix + ".attention.output.LayerNorm", attentionNorm, out);
        Blocks.nameLinear(prefix + ".intermediate.dense", intermediate, out);
        Blocks.nameLinear(prefix + ".output.dense", output, out);
        Blocks.nameLayerNorm(prefix + ".output.LayerNorm", outputNorm, out);
    }
}
