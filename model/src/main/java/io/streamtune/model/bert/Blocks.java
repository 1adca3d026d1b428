package io.streamtune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.Map;

/** Hugging Face names for the parameters of DJL's stock blocks. */
final class Blocks {

    private Blocks() {}

    /**
     * A 0-d array holding {@code value}, with the data type and device of {@code like}, in memory libtorch owns.
     * Use it rather than an operator's {@code Number} overload wherever autograd keeps the operand for backward:
     * on the CPU, DJL wraps such a number in a Java direct buffer and closes it right after the operation, so a
     * garbage collection between forward and backward frees memory backward still reads (the gradients then
     * depend on when the collector ran).
     */
    static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType()).toDevice(like.getDevice(), false);
    }

    static Linear linear(int units) {
        return Linear.builder().setUnits(units).optBias(true).build();
    }

    static LayerNorm layerNorm(float eps) {
        // DJL needs a non-negative axis: hidden states are (batch, length, hidden).
        return LayerNorm.builder().axis(2).optEpsilon(eps).build();
    }

    static void nameLinear(String prefix, Linear linear, Map<String, Parameter> out) {
        out.put(prefix + ".weight", linear.getParameters().get("weight"));
        out.put(prefix + ".bias", linear.getParameters().get("bias"));
    }

    static void nameLayerNorm(String prefix, LayerNorm norm, Map<String, Parameter> out) {
        out.put(prefix + ".weight", norm.getParameters().get("gamma"));
        out.put(prefix + ".bias", norm.getParameters().get("beta"));
    }
}
