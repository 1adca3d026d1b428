package io.streamtune.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseablesTest {

    @Test
    void shouldGoOnClosingAfterOneCloseFails() {
        List<String> closed = new ArrayList<>();

        Closeables.closeQuietly("producer", () -> {
            throw new IllegalStateException("broker gone");
        });
        Closeables.closeQuietly("consumer", () -> closed.add("consumer"));

        assertThat(closed).containsExactly("consumer");
    }

    @Test
    void shouldKeepTheInterruptOfAnInterruptedClose() {
        try {
            Closeables.closeQuietly("loop", () -> {
                throw new InterruptedException();
            });

            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
