package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Every record is counted once in the meters, and nothing is written after an aborted transaction. Driven through the
 * real topology ({@link IngestTopologyFixture}).
 */
class IngestAccountingTest extends IngestTopologyFixture {

    @Test
    void shouldWriteNothingMoreOnceTheTransactionHoldingItsOutputWasAborted() {
        start(Map.of("validation.fraction", "0.5"));
        send(spam("before").build());
        long validationBefore = validation.getQueueSize();

        AbortedTransactionGuard.abortedOnThisThread();

        assertThatThrownBy(() -> send(spam("after").build())).satisfies(error ->
                assertThat(AbortedTransactionGuard.causedBy(error)).as(error.toString()).isTrue());
        assertThat(validation.getQueueSize()).isEqualTo(validationBefore);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.RECEIVED)).isEqualTo(1.0);
        assertThat(count(IngestMetrics.THREADS_RESTARTED_AFTER_ABORT)).isEqualTo(1.0);
    }

    @Test
    void shouldAccountForEveryRecordInTheMetrics() {
        start();
        input.pipeInput(new TestRecord<>(bytes("x"), new byte[] {9}, new RecordHeaders(), T0));
        send(spam("1").build());
        send(spam("1").build());
        send(spam("2").setLabel("eggs").build());
        send(spam("3").build());

        assertThat(count(IngestMetrics.RECEIVED)).isEqualTo(5.0);
        assertThat(count(IngestMetrics.ACCEPTED)).isEqualTo(2.0);
        assertThat(count(IngestMetrics.DEAD_LETTERED)).isEqualTo(2.0);
        assertThat(count(IngestMetrics.DUPLICATES)).isEqualTo(1.0);
    }
}
