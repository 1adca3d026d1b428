package io.streamtune.registry.errors;

/** The payload does not start with the wire format's magic byte 0: not written by a registry-aware serializer. */
public class UnknownMagicByteException extends SchemaRegistrySerdeException {

    private final String topic;
    private final int magicByte;

    public UnknownMagicByteException(String topic, int magicByte) {
        super(String.format("Unknown magic byte 0x%02x in a record of topic '%s': expected 0x00 (Confluent wire "
                + "format); the record was not written by a schema-registry Avro serializer", magicByte, topic));
        this.topic = topic;
        this.magicByte = magicByte;
    }

    public String topic() {
        return topic;
    }

    public int magicByte() {
        return magicByte;
    }
}
