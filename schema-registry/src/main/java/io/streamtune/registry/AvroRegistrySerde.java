package io.streamtune.registry;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka Streams {@link Serde} of Avro records in Confluent's wire format; serializer and deserializer share one
 * {@link SchemaRegistryClient}, so an id registered while writing is already cached for reading. Get one from
 * {@link RegistrySerdes}; closing the serde closes the client.
 */
public final class AvroRegistrySerde<T> implements Serde<T> {

    private final SchemaRegistryClient client;
    private final AvroRegistrySerializer<T> serializer;
    private final AvroRegistryDeserializer<T> deserializer;

    AvroRegistrySerde(SchemaRegistryClient client, AvroRegistrySerializer<T> serializer,
            AvroRegistryDeserializer<T> deserializer) {
        this.client = client;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Already configured at creation; Kafka Streams' call is ignored so the chosen settings stay. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /** The shared client, for its {@link SchemaRegistryClient#stats() stats}. */
    public SchemaRegistryClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
