package io.streamtune.registry;

import io.streamtune.registry.errors.MalformedPayloadException;
import io.streamtune.registry.errors.SchemaRegistrySerdeException;
import io.streamtune.registry.errors.TruncatedPayloadException;
import io.streamtune.registry.errors.WrongSchemaException;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in Confluent's wire format: fetches the writer schema by the id in the header (cached) and resolves
 * it against the reader schema, so that a consumer reads records written with older or newer compatible schemas.
 *
 * <p>The reader schema is a generated class's schema ({@link RegistrySerdes#specific}), a given schema
 * ({@link RegistrySerdes#generic(Map, boolean, Schema)}), or else the writer schema itself. Each kind of bad input
 * has its own exception: {@link io.streamtune.registry.errors.UnknownMagicByteException},
 * {@link TruncatedPayloadException}, {@link io.streamtune.registry.errors.UnknownSchemaIdException},
 * {@link MalformedPayloadException}, {@link WrongSchemaException} (a writer schema the reader cannot resolve),
 * {@link io.streamtune.registry.errors.RegistryUnavailableException}.
 */
public class AvroRegistryDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private Class<?> specificType;
    private boolean specificByWriterName;
    private Schema readerSchema;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective instantiation; {@link #configure} must follow. */
    public AvroRegistryDeserializer() {
    }

    /**
     * A configured deserializer sharing {@code client}, which stays the caller's.
     *
     * @param specificType generated class to read into, or {@code null} for generic records
     * @param readerSchema reader schema for generic records, or {@code null} to read with the writer schema
     */
    public AvroRegistryDeserializer(SchemaRegistryClient client, Class<T> specificType, Schema readerSchema) {
        if (specificType != null && readerSchema != null) {
            throw new IllegalArgumentException("A specific type brings its own reader schema; give one or the other");
        }
        this.client = client;
        this.specificType = specificType;
        this.readerSchema = readerSchema;
    }

    /** Reads generic records, or generated classes found by the writer schema's name when {@code specificByName}. */
    AvroRegistryDeserializer(SchemaRegistryClient client, boolean specificByName) {
        this.client = client;
        this.specificByWriterName = specificByName;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryConfig config = new SchemaRegistryConfig(configs);
        this.client = new SchemaRegistryClient(config);
        this.ownsClient = true;
        this.specificByWriterName = config.specificReader();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroRegistryDeserializer used before configure()");
        }
        int id = WireFormat.schemaId(topic, data);
        DatumReader<T> reader = readers.computeIfAbsent(id, this::newReader);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, null);
        T result;
        try {
            result = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new TruncatedPayloadException(topic, data.length,
                    "the Avro body ends early for writer schema id " + id, e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new MalformedPayloadException(topic, id, e);
        }
        if (!isEnd(decoder)) {
            throw new MalformedPayloadException(topic, id,
                    new IOException("bytes left over after the record: not written with this schema"));
        }
        return result;
    }

    private static boolean isEnd(BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> newReader(int id) {
        Schema writer = client.schemaById(id);
        try {
            if (specificType != null) {
                SpecificData model = SpecificData.getForClass(specificType);
                Schema reader = model.getSchema(specificType);
                requireReadable(id, writer, reader);
                return new SpecificDatumReader<>(writer, reader, model);
            }
            if (specificByWriterName) {
                Class<?> type = SpecificData.get().getClass(writer);
                if (type == null) {
                    throw new SchemaRegistrySerdeException("specific.avro.reader is true but no generated class "
                            + writer.getFullName() + " (schema id " + id + ") is on the class path");
                }
                SpecificData model = SpecificData.getForClass(type);
                return new SpecificDatumReader<>(writer, model.getSchema(type), model);
            }
            return new GenericDatumReader<>(writer, readerSchema != null ? readerSchema : writer, GenericData.get());
        } catch (SecurityException e) {
            throw new SchemaRegistrySerdeException("Avro refuses to instantiate classes for " + writer.getFullName()
                    + ": list their package in the system property org.apache.avro.SERIALIZABLE_PACKAGES", e);
        }
    }

    /**
     * A writer schema the reader cannot resolve (a required field missing, a type changed) is the wrong schema.
     * Differing record names alone are not: Avro's resolution ignores them, and readers always accepted them.
     */
    private static void requireReadable(int id, Schema writer, Schema reader) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        List<String> problems = result.getResult().getIncompatibilities().stream()
                .filter(inc -> inc.getType() != SchemaIncompatibilityType.NAME_MISMATCH)
                .map(inc -> inc.getType() + " at " + inc.getLocation()).toList();
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE && !problems.isEmpty()) {
            throw new WrongSchemaException(id, "Writer schema " + writer.getFullName() + " (id " + id
                    + ") cannot be read as " + reader.getFullName() + ": " + problems, null);
        }
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
