package io.streamtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Frees intermediate arrays as soon as a computation is done with them. PyTorch frees a tensor the moment nothing
 * refers to it; a DJL array lives until its manager or scope closes, so without this every intermediate of a
 * training step (attention scores before softmax, reshaped copies, optimizer temporaries) would stay resident until
 * the step ends. Autograd keeps its own references to what backward needs, so closing the handles frees only the
 * rest.
 */
public final class ScopedArrays {

    private ScopedArrays() {}

    /**
     * Runs {@code work} in its own {@link NDScope} and closes every array it created except its result, which is
     * handed to the enclosing scope (if any).
     */
    public static NDArray keepingOnly(Supplier<NDArray> work) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            result = work.get();
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }

    /** Runs {@code work} in its own {@link NDScope} and closes every array it created; arrays it returns too. */
    public static <T> T keepingNone(Supplier<T> work) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return work.get();
        }
    }

    /** Runs {@code work} in its own {@link NDScope} and closes every array it created. */
    public static void run(Runnable work) {
        keepingNone(() -> {
            work.run();
            return null;
        });
    }
}
