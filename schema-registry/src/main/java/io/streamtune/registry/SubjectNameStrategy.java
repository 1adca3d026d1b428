package io.streamtune.registry;

import java.util.Locale;
import org.apache.avro.Schema;

/** How the serializer names the subject a schema is registered under; Confluent's three strategies. */
public enum SubjectNameStrategy {

    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
    TOPIC_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name: one lineage per record type, across topics. */
    RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    },
    /** {@code <topic>-<record full name>}: several record types per topic. */
    TOPIC_RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    };

    /** The subject for a record of {@code schema} written to {@code topic}. */
    public abstract String subject(String topic, boolean isKey, Schema schema);

    /**
     * Accepts {@code TopicNameStrategy}, {@code RecordNameStrategy}, {@code TopicRecordNameStrategy}, Confluent's
     * fully qualified class names of the same, or this enum's constant names.
     */
    public static SubjectNameStrategy parse(String value) {
        if (value == null) {
            return TOPIC_NAME;
        }
        String simple = value.substring(value.lastIndexOf('.') + 1).trim();
        return switch (simple.toLowerCase(Locale.ROOT).replace("_", "")) {
            case "topicnamestrategy", "topicname" -> TOPIC_NAME;
            case "recordnamestrategy", "recordname" -> RECORD_NAME;
            case "topicrecordnamestrategy", "topicrecordname" -> TOPIC_RECORD_NAME;
            default -> throw new IllegalArgumentException("unknown subject name strategy '" + value
                    + "'; use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        };
    }
}
