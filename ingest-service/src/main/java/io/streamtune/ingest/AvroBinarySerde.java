package io.streamtune.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary (no registry framing) for one generated class. The ingest service stores shard examples
 * with it; tests use it where the registry wire format is not what is under test. Thread-safe.
 *
 * <p>Bytes that do not decode, or that leave bytes over, fail with {@link SerializationException}.
 *
 * @param <T> generated Avro class
 */
public final class AvroBinarySerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;

    public AvroBinarySerde(Class<T> type) {
        this.schema = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema);
        this.reader = new SpecificDatumReader<>(schema);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(data, EncoderFactory.get().binaryEncoder(out, null));
        return out.toByteArray();
    }

    /**
     * The length {@link #serialize} would return, without making the bytes: the encoder writes straight into a
     * counter, with no buffer to allocate and no array to copy.
     */
    public int sizeOf(T data) {
        ByteCounter counter = new ByteCounter();
        write(data, EncoderFactory.get().directBinaryEncoder(counter, null));
        return counter.count;
    }

    private void write(T data, BinaryEncoder encoder) {
        try {
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("bytes left over after the record");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Not a " + schema.getName() + " in Avro binary: " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the schema comes from the class.
    }

    @Override
    public void close() {
        // Nothing held.
    }

    /** An output stream that only counts. */
    private static final class ByteCounter extends OutputStream {
        int count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
