package io.streamtune.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopedArraysTest {

    @Test
    void shouldFreeTheTemporariesButKeepTheResultInTheEnclosingScope() {
        List<NDArray> temporaries = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray result;
            try (NDScope outer = new NDScope()) {
                outer.suppressNotUsedWarning();
                result = ScopedArrays.keepingOnly(() -> {
                    NDArray squares = track(temporaries, manager.create(new float[] {1, 2, 3}).square());
                    return squares.sum();
                });
                assertThat(temporaries).allMatch(NDArray::isReleased);
                assertThat(result.isReleased()).isFalse();
                assertThat(result.getFloat()).isEqualTo(14f);
            }
            // The enclosing scope now owns the result.
            assertThat(result.isReleased()).isTrue();
        }
    }

    @Test
    void shouldFreeEveryArrayMadeAndReturnAPlainResult() {
        List<NDArray> made = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            float sum = ScopedArrays.keepingNone(() -> track(made, manager.create(new float[] {2, 5})).sum()
                    .getFloat());
            ScopedArrays.run(() -> track(made, manager.ones(new Shape(4))));

            assertThat(sum).isEqualTo(7f);
            assertThat(made).hasSize(2).allMatch(NDArray::isReleased);
        }
    }

    private static NDArray track(List<NDArray> arrays, NDArray array) {
        arrays.add(array);
        return array;
    }
}
