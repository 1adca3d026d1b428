package io.streamtune.model.bert;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.Map;

/** Hugging Face names for the parameters of DJL's stock blocks. */
final class Blocks {

    private Blocks() {}

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
