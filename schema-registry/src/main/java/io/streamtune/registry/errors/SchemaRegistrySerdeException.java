package io.streamtune.registry.errors;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Base of every failure of the registry serdes and client. It is a Kafka {@link SerializationException}, so
 * consumers surface it as a {@code RecordDeserializationException} and Kafka Streams hands it to the configured
 * deserialization exception handler (for example to dead-letter the record).
 */
public class SchemaRegistrySerdeException extends SerializationException {

    public SchemaRegistrySerdeException(String message) {
        super(message);
    }

    public SchemaRegistrySerdeException(String message, Throwable cause) {
        super(message, cause);
    }
}
