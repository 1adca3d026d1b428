package io.streamtune.model.bert;

import io.streamtune.model.onnx.OnnxInitializers;
import io.streamtune.model.onnx.OnnxInitializers.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads the number of attention heads from a BERT ONNX graph, the one size no weight records.
 *
 * <p>An export splits the query into heads with a {@code Reshape} to {@code (batch, length, heads, headSize)}. The
 * target shape is either an int64 constant ({@code [0, 0, 12, 32]}) or, with dynamic axes, a {@code Concat} of
 * the batch and length dimensions and two one-element constants ({@code [12]}, {@code [32]}). Both are read; the
 * answer counts only when {@code heads * headSize} equals the hidden size.
 */
public final class AttentionHeads {

    private AttentionHeads() {}

    /** The heads the graph reshapes the query into, or empty when the graph does not say. */
    public static OptionalInt fromGraph(OnnxInitializers onnx, int hiddenSize) {
        Map<String, Node> producers = new HashMap<>();
        for (Node node : onnx.nodes()) {
            for (String output : node.outputs()) {
                producers.put(output, node);
            }
        }
        Map<String, long[]> constants = onnx.int64Constants();
        for (Node node : onnx.nodes()) {
            if (!"Reshape".equals(node.opType()) || node.inputs().size() < 2) {
                continue;
            }
            Node source = producers.get(node.inputs().get(0));
            if (source == null || !source.name().contains("attention/self/query/")) {
                continue;
            }
            long[] shape = targetShape(node.inputs().get(1), producers, constants);
            if (shape != null && shape.length == 4 && shape[2] > 0 && shape[2] * shape[3] == hiddenSize) {
                return OptionalInt.of((int) shape[2]);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The documented fallback when the graph does not say: 64-wide heads (BERT-base, -large and Google's small
     * BERTs), else 12 heads; empty when neither divides the hidden size. Wrong for 384-wide models such as MiniLM,
     * whose exports do say.
     */
    public static OptionalInt fallback(int hiddenSize) {
        if (hiddenSize % 64 == 0) {
            return OptionalInt.of(hiddenSize / 64);
        }
        return hiddenSize % BertConfig.DEFAULT_HEADS == 0 ? OptionalInt.of(BertConfig.DEFAULT_HEADS)
                : OptionalInt.empty();
    }

    private static long[] targetShape(String name, Map<String, Node> producers, Map<String, long[]> constants) {
        long[] constant = constants.get(name);
        if (constant != null) {
            return constant;
        }
        Node concat = producers.get(name);
        if (concat == null || !"Concat".equals(concat.opType()) || concat.inputs().size() != 4) {
            return null;
        }
        long[] shape = new long[4];
        for (int i = 2; i < 4; i++) {
            long[] part = constants.get(concat.inputs().get(i));
            if (part == null || part.length != 1) {
                return null;
            }
            shape[i] = part[0];
        }
        return shape;
    }
}
