package io.streamtune.registry;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Entry point: configured Avro serdes in Confluent's wire format, for Kafka Streams and for plain producers and
 * consumers ({@code serde.serializer()}, {@code serde.deserializer()}).
 *
 * <pre>{@code
 * Map<String, Object> config = Map.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");
 * Serde<LabeledExample> examples = RegistrySerdes.specific(LabeledExample.class, config, false);
 * }</pre>
 *
 * <p>{@code config} takes the {@link SchemaRegistryConfig} keys; other keys are ignored, so a whole client or
 * Streams configuration can be passed.
 */
public final class RegistrySerdes {

    private RegistrySerdes() {
    }

    /** A serde of generated records of {@code type}; records written with compatible schemas are resolved to it. */
    public static <T extends SpecificRecord> AvroRegistrySerde<T> specific(Class<T> type, Map<String, ?> config,
            boolean isKey) {
        SchemaRegistryConfig parsed = new SchemaRegistryConfig(config);
        SchemaRegistryClient client = new SchemaRegistryClient(parsed);
        return new AvroRegistrySerde<>(client, new AvroRegistrySerializer<>(client, parsed, isKey),
                new AvroRegistryDeserializer<>(client, type, null));
    }

    /** A serde of generic records, read with the schema they were written with. */
    public static AvroRegistrySerde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
        return generic(config, isKey, null);
    }

    /**
     * A serde of generic records read with {@code readerSchema} (records written with compatible schemas are
     * resolved to it), or with their writer schema when it is {@code null}.
     */
    public static AvroRegistrySerde<GenericRecord> generic(Map<String, ?> config, boolean isKey, Schema readerSchema) {
        SchemaRegistryConfig parsed = new SchemaRegistryConfig(config);
        SchemaRegistryClient client = new SchemaRegistryClient(parsed);
        return new AvroRegistrySerde<>(client, new AvroRegistrySerializer<>(client, parsed, isKey),
                new AvroRegistryDeserializer<>(client, null, readerSchema));
    }
}
