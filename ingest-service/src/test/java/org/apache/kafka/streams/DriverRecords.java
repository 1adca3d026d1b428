package org.apache.kafka.streams;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The next record a {@link TopologyTestDriver} wrote to a topic as the producer saw it, partition included:
 * {@code TestOutputTopic} drops the partition, and only the driver's package may read it.
 */
public final class DriverRecords {

    private DriverRecords() {
    }

    /** The next record written to {@code topic}, or {@code null} when there is none. */
    public static ProducerRecord<byte[], byte[]> next(TopologyTestDriver driver, String topic) {
        return driver.readRecord(topic);
    }
}
