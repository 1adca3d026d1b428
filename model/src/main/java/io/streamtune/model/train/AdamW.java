package io.streamtune.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import io.streamtune.model.ScopedArrays;
import io.streamtune.model.internals.LibTorch;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) with PyTorch's update rule: weight decay is applied to the weights directly,
 * not through the gradient, and not at all to biases and LayerNorm parameters. Gradients are clipped to a
 * global L2 norm first. Its state (step and both moments) is exposed for checkpoints.
 *
 * <p>Must be called outside a gradient collector: the in-place updates are not recorded by autograd.
 */
public final class AdamW implements AutoCloseable {

    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long step;
    private long skipped;

    public AdamW(NDManager manager, FineTuneConfig config) {
        this.manager = manager;
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
        this.weightDecay = config.weightDecay();
    }

    /** Whether a parameter gets weight decay: not biases, not LayerNorm gains and offsets. */
    public static boolean decays(String name) {
        return !name.endsWith(".bias") && !name.contains("LayerNorm");
    }

    /**
     * Clips the gradients of {@code parameters}, updates them and zeroes the gradients.
     *
     * @param maxGradNorm clip threshold; 0 disables clipping
     * @return the global gradient norm before clipping; when it is not finite the parameters and moments are
     *     left as they were (the step still counts, see {@link #skippedSteps()})
     */
    public double update(Map<String, Parameter> parameters, double learningRate, double maxGradNorm) {
        // libtorch's grad mode is per thread and on by default; DJL only turns it off on the thread that loaded
        // the engine. On any other thread (a service's polling thread) the in-place updates of leaf parameters
        // would fail ("a leaf Variable that requires grad is being used in an in-place operation").
        return LibTorch.withoutGrad(() -> ScopedArrays.keepingNone(() -> updateWithoutGrad(parameters, learningRate,
                maxGradNorm)));
    }

    private double updateWithoutGrad(Map<String, Parameter> parameters, double learningRate, double maxGradNorm) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        NDArray squaredSum = null;
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            NDArray gradient = entry.getValue().getArray().getGradient();
            gradients.put(entry.getKey(), gradient);
            NDArray squares = ScopedArrays.keepingOnly(() -> gradient.square().sum());
            squaredSum = squaredSum == null ? squares : squaredSum.add(squares);
        }
        double norm = squaredSum == null ? 0 : Math.sqrt(squaredSum.getFloat());
        step++;
        if (!Double.isFinite(norm)) {
            // An overflowing gradient would turn every weight into NaN through the clip factor (inf * 0):
            // skip the update, as mixed-precision loss scaling does, and let the caller report it.
            gradients.values().forEach(gradient -> gradient.set(new NDIndex("..."), 0f));
            skipped++;
            return norm;
        }
        // Same epsilon as torch.nn.utils.clip_grad_norm_, so the clipped norm lands just under the limit.
        float clip = maxGradNorm > 0 && norm > maxGradNorm ? (float) (maxGradNorm / (norm + 1e-6)) : 1f;

        double firstCorrection = 1 - Math.pow(beta1, step);
        double secondCorrectionRoot = Math.sqrt(1 - Math.pow(beta2, step));
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            // One scope per tensor: its temporaries are freed before the next tensor's are made, so the
            // update adds one parameter's worth of memory, not the whole model's several times over.
            ScopedArrays.run(() -> updateOne(entry.getKey(), entry.getValue().getArray(),
                    gradients.get(entry.getKey()), clip, learningRate, firstCorrection, secondCorrectionRoot));
        }
        return norm;
    }

    private void updateOne(String name, NDArray weight, NDArray gradient, float clip, double learningRate,
            double firstCorrection, double secondCorrectionRoot) {
        if (clip < 1f) {
            gradient.muli(clip);
        }
        NDArray m = moment(firstMoments, name, weight);
        NDArray v = moment(secondMoments, name, weight);
        m.muli((float) beta1).addi(gradient.mul((float) (1 - beta1)));
        v.muli((float) beta2).addi(gradient.square().muli((float) (1 - beta2)));
        if (weightDecay > 0 && decays(name)) {
            weight.muli((float) (1 - learningRate * weightDecay));
        }
        NDArray denominator = v.sqrt().divi((float) secondCorrectionRoot).addi((float) epsilon);
        weight.subi(m.div(denominator).muli((float) (learningRate / firstCorrection)));
        gradient.subi(gradient);
    }

    private NDArray moment(Map<String, NDArray> moments, String name, NDArray like) {
        NDArray moment = moments.get(name);
        if (moment == null) {
            moment = manager.zeros(like.getShape(), like.getDataType(), like.getDevice());
            // Created inside the update's scope but must outlive it.
            NDScope.unregister(moment);
            moments.put(name, moment);
        }
        return moment;
    }

    public long step() {
        return step;
    }

    /** Steps whose gradients were not finite and so changed nothing. */
    public long skippedSteps() {
        return skipped;
    }

    public Map<String, NDArray> firstMoments() {
        return Collections.unmodifiableMap(firstMoments);
    }

    public Map<String, NDArray> secondMoments() {
        return Collections.unmodifiableMap(secondMoments);
    }

    /** Replaces the state with a checkpoint's; arrays are copied onto this optimizer's manager. */
    public void restore(long restoredStep, Map<String, NDArray> first, Map<String, NDArray> second) {
        clear();
        step = restoredStep;
        first.forEach((name, array) -> firstMoments.put(name, copy(array)));
        second.forEach((name, array) -> secondMoments.put(name, copy(array)));
    }

    private NDArray copy(NDArray array) {
        // On the same device, PyTorch's toDevice(device, true) returns a view of the same storage, and an array read
        // from a checkpoint is a view of a Java buffer the GC frees once that array is closed: the moments would then
        // be updated in freed memory (it crashed the trainer a few steps after a resume). duplicate() clones into
        // storage libtorch owns.
        NDArray copy = array.getDevice().equals(manager.getDevice()) ? array.duplicate()
                : array.toDevice(manager.getDevice(), true);
        copy.attach(manager);
        return copy;
    }

    private void clear() {
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
    }

    @Override
    public void close() {
        clear();
        manager.close();
    }
}
