package io.streamtune.model.internals;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LibTorchTest {

    @Test
    void shouldRunWithoutGradAndRestoreTheThreadsGradMode() throws Exception {
        Engine.getInstance();
        // A fresh thread: libtorch starts it with grad mode on, unlike the thread that loaded the engine.
        boolean[] seen = CompletableFuture.supplyAsync(() -> {
            boolean before = LibTorch.gradModeEnabled();
            boolean[] inside = new boolean[1];
            LibTorch.withoutGrad(() -> {
                inside[0] = LibTorch.gradModeEnabled();
                return 0;
            });
            return new boolean[] {before, inside[0], LibTorch.gradModeEnabled()};
        }, runnable -> new Thread(runnable, "grad-mode-test").start()).get();

        assertThat(seen).containsExactly(true, false, true);
    }

    @Test
    void shouldTurnGradModeOffOnTheCallingThreadOnly() throws Exception {
        Engine.getInstance();
        boolean[] seen = CompletableFuture.supplyAsync(() -> {
            LibTorch.disableGradOnThisThread();
            return new boolean[] {LibTorch.gradModeEnabled()};
        }, runnable -> new Thread(runnable, "grad-mode-off").start()).get();
        boolean other = CompletableFuture.supplyAsync(LibTorch::gradModeEnabled,
                runnable -> new Thread(runnable, "grad-mode-untouched").start()).get();

        assertThat(seen).containsExactly(false);
        assertThat(other).isTrue();
    }

    @Test
    void shouldReportLibtorchsIntraOpThreadCount() {
        Engine.getInstance();
        // Surefire starts the model's test JVM with ai.djl.pytorch.num_threads=1 (model/pom.xml).
        assertThat(LibTorch.intraOpThreads()).isEqualTo(1);
    }
}
