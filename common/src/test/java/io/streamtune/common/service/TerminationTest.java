package io.streamtune.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TerminationTest {

    private final Termination termination = new Termination();

    @Test
    void shouldGrantTheStopRequestOnlyOnce() {
        assertThat(termination.stopRequested()).isFalse();

        assertThat(termination.requestStop()).isTrue();
        assertThat(termination.requestStop()).isFalse();
        assertThat(termination.stopRequested()).isTrue();
    }

    @Test
    void shouldReportACleanEndAsNoFailure() throws Exception {
        termination.ended();

        assertThat(termination.await()).isFalse();
        assertThat(termination.hasEnded()).isTrue();
    }

    @Test
    void shouldReportTheFirstFailure() throws Exception {
        IllegalStateException first = new IllegalStateException("fenced");
        termination.fail(first);
        termination.fail(new IllegalStateException("later"));
        termination.ended();

        assertThat(termination.await()).isTrue();
        assertThat(termination.failure()).isSameAs(first);
    }

    @Test
    void shouldBlockAwaitersUntilTheWorkEnds() throws Exception {
        CompletableFuture<Boolean> awaiting = CompletableFuture.supplyAsync(() -> {
            try {
                return termination.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(termination.await(Duration.ofMillis(50))).isFalse();
        assertThat(awaiting).isNotDone();
        termination.ended();
        assertThat(awaiting.get(30, TimeUnit.SECONDS)).isFalse();
    }
}
