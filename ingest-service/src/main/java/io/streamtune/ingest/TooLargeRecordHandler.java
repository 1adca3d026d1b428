package io.streamtune.ingest;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop behind the size checks: a record the producer refuses as too large is logged and counted, and
 * processing resumes; any other send failure fails the stream thread (the service replaces it when the error is
 * transient). The processor bounds every record it forwards
 * ({@link io.streamtune.common.kafka.RecordSizeLimits}), so this fires only on a bug, and then it must not stop
 * ingestion for good (on restart the same record would fail again).
 */
public final class TooLargeRecordHandler implements ProductionExceptionHandler {

    /** Streams config key of the {@link Runnable} that counts a dropped record (the service's meter). */
    public static final String COUNTER_CONFIG = "streamtune.ingest.too.large.counter";

    private static final Logger LOG = LoggerFactory.getLogger(TooLargeRecordHandler.class);

    private Runnable counter = () -> { };

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(COUNTER_CONFIG) instanceof Runnable configured) {
            counter = configured;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            // Also a retriable one (a send that timed out in a broker outage): the stream thread fails and the
            // service replaces it, so every task of the thread restarts from the last commit. Kafka Streams' default
            // (RETRY) revives only this task while aborting the output of all (docs/outage-gap-ingest.md).
            return Response.fail();
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
