package io.streamtune.serving.kafka;

import io.streamtune.registry.WireFormat;
import io.streamtune.registry.errors.MalformedPayloadException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.registry.errors.UnknownSchemaIdException;
import io.streamtune.registry.errors.WrongSchemaException;
import io.streamtune.schemas.InferenceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Request records in the registry's wire format without a registry: schema id {@value #REQUEST_ID} is
 * InferenceRequest, {@value #OTHER_SCHEMA_ID} a schema the reader cannot resolve, {@value #REGISTRY_DOWN_ID} one
 * whose lookup finds the registry down; any other id is unknown.
 */
final class TestRequests {

    static final String TOPIC = "inference.requests";
    static final int REQUEST_ID = 1;
    static final int OTHER_SCHEMA_ID = 2;
    static final int REGISTRY_DOWN_ID = 3;

    private TestRequests() {
    }

    static InferenceRequest request(String id, String task, String text) {
        return InferenceRequest.newBuilder().setId(id).setTask(task).setText(text)
                .setAttributes(Map.of("replyTo", "client-7")).build();
    }

    static byte[] encode(InferenceRequest request) {
        return withSchemaId(REQUEST_ID, avro(request));
    }

    static byte[] withSchemaId(int schemaId, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(WireFormat.HEADER_LENGTH + body.length);
        WireFormat.writeHeader(buffer, schemaId);
        buffer.put(body);
        return buffer.array();
    }

    static ConsumerRecord<String, byte[]> record(int partition, long offset, String key, byte[] value) {
        return new ConsumerRecord<>(TOPIC, partition, offset, key, value);
    }

    static ConsumerRecord<String, byte[]> record(int partition, long offset, InferenceRequest request) {
        return record(partition, offset, request.getId(), encode(request));
    }

    /** The fake registry deserializer described above. */
    static Deserializer<InferenceRequest> deserializer() {
        return (topic, data) -> {
            int id = WireFormat.schemaId(topic, data);
            byte[] body = Arrays.copyOfRange(data, WireFormat.HEADER_LENGTH, data.length);
            return switch (id) {
                case REQUEST_ID -> decode(topic, body);
                case OTHER_SCHEMA_ID -> throw new WrongSchemaException(id, "not an InferenceRequest", null);
                case REGISTRY_DOWN_ID -> throw new RegistryUnavailableException("GET /schemas/ids/3", 3, null);
                default -> throw new UnknownSchemaIdException(id, "Schema not found");
            };
        };
    }

    private static InferenceRequest decode(String topic, byte[] body) {
        try {
            var decoder = DecoderFactory.get().binaryDecoder(body, null);
            InferenceRequest request = new SpecificDatumReader<>(InferenceRequest.class).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left over");
            }
            return request;
        } catch (IOException | RuntimeException e) {
            throw new MalformedPayloadException(topic, REQUEST_ID, e);
        }
    }

    private static byte[] avro(InferenceRequest request) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(InferenceRequest.class).write(request, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
