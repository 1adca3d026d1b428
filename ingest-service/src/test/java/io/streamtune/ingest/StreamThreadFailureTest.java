package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** What becomes of a stream thread that died: replaced after a broker outage, the client stopped otherwise. */
class StreamThreadFailureTest {

    @Test
    void shouldReplaceAThreadThatTimedOutWhileTheBrokerWasDown() {
        StreamsException outage = new StreamsException(new TimeoutException(
                "Task 0_0 did not make progress within 10000 ms"));

        assertThat(IngestService.onStreamThreadFailure(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldReplaceAThreadWhoseInputReplayTimedOut() {
        IllegalStateException replay = new IllegalStateException("Could not re-read examples-0 offsets 5..9",
                new TimeoutException("Could not re-read examples-0 offsets 5..9 within PT1M"));

        assertThat(IngestService.onStreamThreadFailure(replay)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldReplaceAThreadWhoseTransactionWasAbortedUnderARunningTask() {
        StreamsException aborted = new StreamsException("Exception caught in process",
                new AbortedTransactionGuard.OutputAbortedException(new TaskId(0, 2)));

        assertThat(IngestService.onStreamThreadFailure(aborted))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldShutDownOnAnythingElse() {
        assertThat(IngestService.onStreamThreadFailure(new StreamsException(new AuthorizationException("denied"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(IngestService.onStreamThreadFailure(new IllegalStateException("a bug")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
