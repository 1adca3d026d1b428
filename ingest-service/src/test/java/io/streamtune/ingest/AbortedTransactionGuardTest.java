package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class AbortedTransactionGuardTest {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final AtomicInteger revived = new AtomicInteger();

    @Test
    void shouldLetTheTaskGoOnWhileNoTransactionWasAborted() {
        AbortedTransactionGuard guard = AbortedTransactionGuard.start(context, revived::incrementAndGet);

        assertThatCode(guard::check).doesNotThrowAnyException();
        assertThat(revived).hasValue(0);
    }

    @Test
    void shouldStopTheTaskOnceATransactionWasAbortedOnItsThread() {
        AbortedTransactionGuard guard = AbortedTransactionGuard.start(context, revived::incrementAndGet);

        AbortedTransactionGuard.abortedOnThisThread();

        assertThatThrownBy(guard::check).isInstanceOf(AbortedTransactionGuard.OutputAbortedException.class)
                .hasMessageContaining("task " + context.taskId());
        // Streams may flush the task again while it closes it: it stays stopped, and is counted once.
        assertThatThrownBy(guard::check).isInstanceOf(AbortedTransactionGuard.OutputAbortedException.class);
        assertThat(revived).hasValue(1);
    }

    @Test
    void shouldNotCountAbortsBeforeTheTaskStarted() {
        AbortedTransactionGuard.abortedOnThisThread();

        AbortedTransactionGuard guard = AbortedTransactionGuard.start(context, revived::incrementAndGet);

        assertThatCode(guard::check).doesNotThrowAnyException();
    }

    @Test
    void shouldIgnoreAbortsOnOtherStreamThreads() throws InterruptedException {
        AbortedTransactionGuard guard = AbortedTransactionGuard.start(
                new MockProcessorContext<>(new Properties(), new TaskId(0, 2), null),
                revived::incrementAndGet);

        Thread other = new Thread(AbortedTransactionGuard::abortedOnThisThread);
        other.start();
        other.join();

        assertThatCode(guard::check).doesNotThrowAnyException();
    }
}
