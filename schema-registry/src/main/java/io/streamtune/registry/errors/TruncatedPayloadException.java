package io.streamtune.registry.errors;

/** The payload ends before its header or its Avro body is complete. */
public class TruncatedPayloadException extends SchemaRegistrySerdeException {

    private final String topic;
    private final int length;

    public TruncatedPayloadException(String topic, int length, String detail, Throwable cause) {
        super("Truncated payload of " + length + " bytes in a record of topic '" + topic + "': " + detail, cause);
        this.topic = topic;
        this.length = length;
    }

    public String topic() {
        return topic;
    }

    public int length() {
        return length;
    }
}
