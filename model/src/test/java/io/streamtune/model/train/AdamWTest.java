package io.streamtune.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the update against PyTorch's AdamW formula written out by hand. */
class AdamWTest {

    private static final double LR = 0.1;
    private static final double WD = 0.5;
    private static final FineTuneConfig CONFIG = FineTuneConfig.builder().weightDecay(WD).build();

    @Test
    void shouldApplyDecoupledDecayToWeightsButNotToBiasesOrLayerNorm() {
        try (NDManager manager = NDManager.newBaseManager(); AdamW adam = new AdamW(manager.newSubManager(), CONFIG)) {
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            parameters.put("dense.weight", scalar(manager, "w", 2f));
            parameters.put("dense.bias", scalar(manager, "b", 2f));
            parameters.put("LayerNorm.weight", scalar(manager, "g", 2f));

            double[] expected = {2, 2, 2};
            double m = 0;
            double v = 0;
            for (int step = 1; step <= 3; step++) {
                float gradient = 0.5f * step;
                backward(parameters, gradient);
                double norm = adam.update(parameters, LR, 0);
                assertThat(norm).isCloseTo(Math.sqrt(3) * gradient, within(1e-6));

                m = 0.9 * m + 0.1 * gradient;
                v = 0.999 * v + 0.001 * gradient * gradient;
                double mHat = m / (1 - Math.pow(0.9, step));
                double vHat = v / (1 - Math.pow(0.999, step));
                double adamStep = LR * mHat / (Math.sqrt(vHat) + 1e-8);
                expected[0] = expected[0] * (1 - LR * WD) - adamStep;
                expected[1] -= adamStep;
                expected[2] -= adamStep;
                assertThat(value(parameters.get("dense.weight"))).isCloseTo(expected[0], within(1e-5));
                assertThat(value(parameters.get("dense.bias"))).isCloseTo(expected[1], within(1e-5));
                assertThat(value(parameters.get("LayerNorm.weight"))).isCloseTo(expected[2], within(1e-5));
            }
            assertThat(adam.step()).isEqualTo(3);
        }
    }

    @Test
    void shouldClipTheGlobalNormBeforeTheMoments() {
        try (NDManager manager = NDManager.newBaseManager(); AdamW adam = new AdamW(manager.newSubManager(), CONFIG)) {
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            parameters.put("a.bias", scalar(manager, "a", 0f));
            parameters.put("b.bias", scalar(manager, "b", 0f));
            backward(parameters, 30f);
            double norm = adam.update(parameters, LR, 1.0);

            assertThat(norm).isCloseTo(Math.sqrt(2) * 30, within(1e-4));
            // After clipping each gradient is 1/sqrt(2): the first moment holds 0.1 of it.
            assertThat(adam.firstMoments().get("a.bias").getFloat()).isCloseTo(0.1f / (float) Math.sqrt(2),
                    within(1e-5f));
        }
    }

    @Test
    void shouldSkipTheUpdateWhenTheGradientOverflows() {
        try (NDManager manager = NDManager.newBaseManager(); AdamW adam = new AdamW(manager.newSubManager(), CONFIG)) {
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            parameters.put("dense.weight", scalar(manager, "w", 2f));
            backward(parameters, 1f);
            adam.update(parameters, LR, 1.0);
            float afterFirst = parameters.get("dense.weight").getArray().getFloat(0);
            float momentAfterFirst = adam.firstMoments().get("dense.weight").getFloat(0);

            backward(parameters, Float.POSITIVE_INFINITY);
            double norm = adam.update(parameters, LR, 1.0);

            assertThat(norm).isInfinite();
            assertThat(parameters.get("dense.weight").getArray().getFloat(0)).isEqualTo(afterFirst);
            assertThat(adam.firstMoments().get("dense.weight").getFloat(0)).isEqualTo(momentAfterFirst);
            assertThat(adam.skippedSteps()).isEqualTo(1);
            assertThat(adam.step()).isEqualTo(2);

            backward(parameters, 1f);
            adam.update(parameters, LR, 1.0);
            assertThat(parameters.get("dense.weight").getArray().getFloat(0)).isFinite().isLessThan(afterFirst);
        }
    }

    @Test
    void shouldRestoreMomentsIntoStorageOfItsOwnNotViewsOfTheSource() {
        try (NDManager base = NDManager.newBaseManager(); NDManager source = base.newSubManager()) {
            AdamW optimizer = new AdamW(base.newSubManager(), CONFIG);
            NDArray first = source.create(new float[] {1f, 2f});
            NDArray second = source.create(new float[] {3f, 4f});
            optimizer.restore(7, Map.of("w", first), Map.of("w", second));
            // A view would follow the source (and outlive it: checkpoint arrays wrap buffers the GC frees).
            first.addi(100f);
            second.addi(100f);

            assertThat(optimizer.step()).isEqualTo(7);
            assertThat(optimizer.firstMoments().get("w").toFloatArray()).containsExactly(1f, 2f);
            assertThat(optimizer.secondMoments().get("w").toFloatArray()).containsExactly(3f, 4f);
            optimizer.close();
        }
    }

    private static Parameter scalar(NDManager manager, String name, float value) {
        Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optInitializer(new ConstantInitializer(value)).optShape(new Shape(1)).build();
        parameter.initialize(manager, DataType.FLOAT32);
        return parameter;
    }

    /** Gives every parameter the gradient {@code gradient}: d(sum(p * g))/dp = g. */
    private static void backward(Map<String, Parameter> parameters, float gradient) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (Parameter parameter : parameters.values()) {
                NDArray term = parameter.getArray().mul(gradient).sum();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
    }

    private static double value(Parameter parameter) {
        return parameter.getArray().getFloat(0);
    }
}
