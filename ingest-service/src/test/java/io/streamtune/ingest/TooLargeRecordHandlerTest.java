package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class TooLargeRecordHandlerTest {

    private static final ProducerRecord<byte[], byte[]> RECORD =
            new ProducerRecord<>("examples.dlq", new byte[] {1}, new byte[20]);

    private final AtomicInteger dropped = new AtomicInteger();
    private final TooLargeRecordHandler handler = new TooLargeRecordHandler();

    TooLargeRecordHandlerTest() {
        handler.configure(Map.of(TooLargeRecordHandler.COUNTER_CONFIG, (Runnable) dropped::incrementAndGet));
    }

    @Test
    void shouldResumeAndCountWhenTheProducerRefusesARecordAsTooLarge() {
        assertThat(handler.handleError(context(), RECORD, new RecordTooLargeException("too large")).result())
                .isEqualTo(Result.RESUME);
        assertThat(dropped).hasValue(1);
    }

    @Test
    void shouldFailOnAnyOtherSendError() {
        assertThat(handler.handleError(context(), RECORD, new TopicAuthorizationException("denied")).result())
                .isEqualTo(Result.FAIL);
        assertThat(dropped).hasValue(0);
    }

    @Test
    void shouldFailASendThatTimedOutSoThatTheWholeStreamThreadRestarts() {
        assertThat(handler.handleError(context(), RECORD, new TimeoutException("expired")).result())
                .isEqualTo(Result.FAIL);
        assertThat(dropped).hasValue(0);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "examples";
            }

            @Override
            public int partition() {
                return 1;
            }

            @Override
            public long offset() {
                return 7;
            }

            @Override
            public org.apache.kafka.common.header.Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return IngestTopology.DLQ_SINK;
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 1);
            }

            @Override
            public long timestamp() {
                return 0;
            }

            @Override
            public byte[] sourceRawKey() {
                return null;
            }

            @Override
            public byte[] sourceRawValue() {
                return null;
            }
        };
    }
}
