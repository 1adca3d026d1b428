package io.streamtune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/** Word + position + token-type embeddings, then LayerNorm and dropout, as in Hugging Face's BertEmbeddings. */
public final class BertEmbeddings extends AbstractBlock {

    private final BertConfig config;
    private final Parameter word;
    private final Parameter position;
    private final Parameter tokenType;
    private final LayerNorm norm;
    private final Dropout dropout;

    BertEmbeddings(BertConfig config, float dropoutRate) {
        this.config = config;
        int hidden = config.hiddenSize();
        word = addParameter(table("word_embeddings", config.vocabSize(), hidden));
        position = addParameter(table("position_embeddings", config.maxPositions(), hidden));
        tokenType = addParameter(table("token_type_embeddings", config.typeVocabSize(), hidden));
        norm = addChildBlock("LayerNorm", Blocks.layerNorm(config.layerNormEps()));
        dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    private static Parameter table(String name, int rows, int hidden) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, hidden)).build();
    }

    /** inputs: token ids and token-type ids, both {@code (batch, length)} int64. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray types = inputs.get(1);
        long length = ids.getShape().get(1);
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + length + " exceeds the model's "
                    + config.maxPositions() + " positions");
        }
        NDArray positions = ids.getManager().arange(0, length, 1, DataType.INT64, ids.getDevice()).expandDims(0);
        NDArray sum = lookup(store, word, ids, training)
                .add(lookup(store, position, positions, training))
                .add(lookup(store, tokenType, types, training));
        NDList normed = norm.forward(store, new NDList(sum), training);
        return dropout.forward(store, normed, training);
    }

    private static NDArray lookup(ParameterStore store, Parameter table, NDArray indices, boolean training) {
        NDArray weight = store.getValue(table, indices.getDevice(), training);
        return Embedding.embedding(indices, weight, SparseFormat.DENSE).head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0].add(config.hiddenSize());
        norm.initialize(manager, dataType, hidden);
        dropout.initialize(manager, dataType, hidden);
    }

    void nameParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + ".word_embeddings.weight", word);
        out.put(prefix + ".position_embeddings.weight", position);
        out.put(prefix + ".token_type_embeddings.weight", tokenType);
        Blocks.nameLayerNorm(prefix + ".LayerNorm", norm, out);
    }
}
