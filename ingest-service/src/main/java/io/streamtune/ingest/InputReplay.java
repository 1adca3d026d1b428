package io.streamtune.ingest;

import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads input records again. The shard builder keeps its open shards' examples in memory only and, after a restart,
 * gets them back from the input topic through this: the input is already a durable copy of every example, so a
 * second copy in a changelog would cost a full write per example for nothing.
 */
@FunctionalInterface
public interface InputReplay {

    /**
     * Hands {@code action} every record of {@code partition} from {@code fromOffset} to {@code toOffset}, both
     * inclusive, in offset order (offsets without a record, such as transaction markers, are skipped). Throws when
     * a record in that range can no longer be read, for example after retention deleted it: the caller cannot
     * rebuild its state without it.
     */
    void replay(TopicPartition partition, long fromOffset, long toOffset,
                Consumer<ConsumerRecord<byte[], byte[]>> action);
}
