package io.streamtune.registry;

import io.streamtune.registry.errors.SchemaRegistrySerdeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated {@link SpecificRecord}s or {@link org.apache.avro.generic.GenericRecord}s) in
 * Confluent's wire format, registering or looking up the writer schema under the configured subject.
 *
 * <p>Create it with {@link RegistrySerdes}, or name it in a producer's {@code value.serializer} with the
 * {@link SchemaRegistryConfig} keys in the same configuration. Thread-safe, as a producer's serializer must be.
 */
public class AvroRegistrySerializer<T> implements Serializer<T> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private boolean autoRegister;
    private SubjectNameStrategy subjects;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** For Kafka's reflective instantiation; {@link #configure} must follow. */
    public AvroRegistrySerializer() {
    }

    /** A configured serializer that shares {@code client} (and its caches); the client stays the caller's. */
    public AvroRegistrySerializer(SchemaRegistryClient client, SchemaRegistryConfig config, boolean isKey) {
        init(client, false, config, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryConfig config = new SchemaRegistryConfig(configs);
        init(new SchemaRegistryClient(config), true, config, isKey);
    }

    private void init(SchemaRegistryClient client, boolean ownsClient, SchemaRegistryConfig config, boolean isKey) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.isKey = isKey;
        this.autoRegister = config.autoRegister();
        this.subjects = config.subjectNameStrategy(isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroRegistrySerializer used before configure()");
        }
        if (!(data instanceof GenericContainer container)) {
            throw new SchemaRegistrySerdeException("Cannot serialize a " + data.getClass().getName()
                    + " for topic '" + topic + "': expected an Avro record (SpecificRecord or GenericRecord)");
        }
        Schema schema = container.getSchema();
        String subject = subjects.subject(topic, isKey, schema);
        int id = autoRegister ? client.register(subject, schema) : client.lookup(subject, schema);
        return encode(topic, id, schema, data);
    }

    private byte[] encode(String topic, int id, Schema schema, Object data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] header = new byte[WireFormat.HEADER_LENGTH];
        WireFormat.writeHeader(ByteBuffer.wrap(header), id);
        out.writeBytes(header);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, s -> newWriter(s, data)).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SchemaRegistrySerdeException("Cannot encode a " + schema.getFullName() + " for topic '"
                    + topic + "': " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static DatumWriter<Object> newWriter(Schema schema, Object sample) {
        if (sample instanceof SpecificRecord) {
            // The class's own model carries its logical-type conversions (e.g. Instant for timestamp-millis).
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(sample.getClass()));
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
