package io.streamtune.registry.errors;

/** The header is valid but the Avro body does not decode with the writer schema it names. */
public class MalformedPayloadException extends SchemaRegistrySerdeException {

    private final String topic;
    private final int schemaId;

    public MalformedPayloadException(String topic, int schemaId, Throwable cause) {
        super("Cannot decode a record of topic '" + topic + "' with writer schema id " + schemaId + ": "
                + cause.getMessage(), cause);
        this.topic = topic;
        this.schemaId = schemaId;
    }

    public String topic() {
        return topic;
    }

    public int schemaId() {
        return schemaId;
    }
}
