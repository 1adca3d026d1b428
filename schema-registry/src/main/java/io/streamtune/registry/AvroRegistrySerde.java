package io.streamtune.registry;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka Streams {@link Serde} of Avro records in Confluent's wire format; serializer and deserializer share one
 * {@link SchemaRegistryClient}, so an id registered while writing is already cached for reading. Closing the serde
 * closes the client.
 *
 * <p>Get a configured one from {@link RegistrySerdes}, or name this class as {@code default.value.serde} with the
 * {@link SchemaRegistryConfig} keys in the Streams configuration (it then reads generic records, or generated
 * classes with {@code specific.avro.reader=true}).
 */
public final class AvroRegistrySerde<T> implements Serde<T> {

    private SchemaRegistryClient client;
    private AvroRegistrySerializer<T> serializer;
    private AvroRegistryDeserializer<T> deserializer;

    /** For Kafka's reflective instantiation; {@link #configure} must follow. */
    public AvroRegistrySerde() {
    }

    AvroRegistrySerde(SchemaRegistryClient client, AvroRegistrySerializer<T> serializer,
            AvroRegistryDeserializer<T> deserializer) {
        this.client = client;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Configures a serde made by Kafka; one from {@link RegistrySerdes} keeps the settings it was made with. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client != null) {
            return;
        }
        SchemaRegistryConfig config = new SchemaRegistryConfig(configs);
        client = new SchemaRegistryClient(config);
        serializer = new AvroRegistrySerializer<>(client, config, isKey);
        deserializer = new AvroRegistryDeserializer<>(client, config.specificReader());
    }

    @Override
    public Serializer<T> serializer() {
        return requireConfigured(serializer);
    }

    @Override
    public Deserializer<T> deserializer() {
        return requireConfigured(deserializer);
    }

    /** The shared client, for its {@link SchemaRegistryClient#stats() stats}. */
    public SchemaRegistryClient client() {
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    private static <S> S requireConfigured(S part) {
        if (part == null) {
            throw new IllegalStateException("AvroRegistrySerde used before configure()");
        }
        return part;
    }
}
