package io.streamtune.model.internals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * The one place that calls DJL's PyTorch-only JNI layer ({@code ai.djl.pytorch.jni}, not DJL's public API):
 * libtorch's per-thread grad mode, its intra-op thread count and a native tensor copy. Checkstyle's import
 * control lets nothing else import it; model/README.md ("Internals") says why and what a DJL upgrade must re-check.
 */
public final class LibTorch {

    private LibTorch() {
    }

    /** Whether libtorch records operations for autograd on the calling thread. */
    public static boolean gradModeEnabled() {
        return JniUtils.isGradMode();
    }

    /**
     * Turns grad mode off on the calling thread. libtorch's grad mode is per thread and on by default; the engine
     * turns it off only on the thread that loaded it, so every other thread that trains must do this first.
     */
    public static void disableGradOnThisThread() {
        JniUtils.setGradMode(false);
    }

    /**
     * Runs {@code work} with grad mode off on the calling thread, then restores the thread's mode: inference on any
     * thread records no autograd graph (no time, no memory kept for a backward pass that never comes).
     */
    public static <T> T withoutGrad(Supplier<T> work) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** The intra-op thread count libtorch runs with (read from {@code ai.djl.pytorch.num_threads} at load). */
    public static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    /**
     * A copy of {@code array} in native memory, owned by {@code manager}: one libtorch {@code clone} (a memcpy),
     * made with grad mode off so the copy records no autograd history. DJL's own {@code duplicate()} goes through
     * a Java byte buffer.
     */
    public static NDArray copyOf(NDArray array, NDManager manager) {
        if (!(array instanceof PtNDArray tensor)) {
            NDArray copy = array.duplicate();
            copy.attach(manager);
            return copy;
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            NDArray copy = JniUtils.clone(tensor);
            copy.attach(manager);
            return copy;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }
}
