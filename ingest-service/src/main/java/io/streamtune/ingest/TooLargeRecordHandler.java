package io.streamtune.ingest;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop behind the size checks: a record the producer refuses as too large is logged and counted, and
 * processing resumes; any other send failure is handled as by default (a retriable one revives the task, any other
 * fails). The processor bounds every record it forwards
 * ({@link io.streamtune.common.kafka.RecordSizeLimits}), so this fires only on a bug, and then it must not stop
 * ingestion for good (on restart the same record would fail again).
 */
public final class TooLargeRecordHandler extends DefaultProductionExceptionHandler {

    /** Streams config key of the {@link Runnable} that counts a dropped record (the service's meter). */
    public static final String COUNTER_CONFIG = "streamtune.ingest.too.large.counter";

    private static final Logger LOG = LoggerFactory.getLogger(TooLargeRecordHandler.class);

    private Runnable counter = () -> { };

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(COUNTER_CONFIG) instanceof Runnable configured) {
            counter = configured;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            // A retriable error (a send that timed out in a broker outage) is retried by reviving the task.
            return super.handleError(context, record, exception);
        }
        counter.run();
        LOG.error("Dropped a record for {} that the producer refused as too large ({} key and {} value bytes), "
                        + "written while processing {}-{}@{}: a size check is missing, please report it. {}",
                record.topic(), record.key() == null ? 0 : record.key().length,
                record.value() == null ? 0 : record.value().length, context.topic(), context.partition(),
                context.offset(), exception.getMessage());
        return Response.resume();
    }
}
