package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.OffsetRange;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reading a record whose writer schema refers to another registered subject (a schema reference), registered through
 * the registry's REST API as a non-Java producer would, then written in the wire format by hand.
 */
@ExtendWith(RegistryExtension.class)
class SchemaReferencesIT {

    @Test
    void shouldResolveSchemaReferencesWhenReading(EmbeddedRegistry registry) throws Exception {
        String topic = TestRecords.uniqueTopic("refs");
        String rangeSubject = topic + "-offset-range";
        Schema range = OffsetRange.getClassSchema();
        // The writer schema names io.streamtune.schemas.OffsetRange without defining it: a reference.
        String mainJson = "{\"type\":\"record\",\"name\":\"ShardSummary\",\"namespace\":\"io.streamtune.it\","
                + "\"fields\":[{\"name\":\"shard\",\"type\":\"string\"},"
                + "{\"name\":\"range\",\"type\":\"io.streamtune.schemas.OffsetRange\"}]}";
        String base = registry.url();
        postJson(base + "/subjects/" + rangeSubject + "/versions",
                "{\"schema\":" + quote(range.toString()) + "}");
        String registered = postJson(base + "/subjects/" + topic + "-value/versions",
                "{\"schema\":" + quote(mainJson) + ",\"references\":[{\"name\":\"io.streamtune.schemas.OffsetRange\","
                        + "\"subject\":\"" + rangeSubject + "\",\"version\":1}]}");
        int id = Integer.parseInt(registered.replaceAll("\\D", ""));

        Schema.Parser parser = new Schema.Parser();
        parser.parse(range.toString());
        Schema writer = parser.parse(mainJson);
        GenericRecord rangeValue = new GenericData.Record(range);
        rangeValue.put("topic", "examples");
        rangeValue.put("partition", 2);
        rangeValue.put("firstOffset", 10L);
        rangeValue.put("lastOffset", 42L);
        GenericRecord summary = new GenericData.Record(writer);
        summary.put("shard", "spam-0007");
        summary.put("range", rangeValue);
        byte[] payload = wire(id, writer, summary);

        try (AvroRegistrySerde<GenericRecord> serde = RegistrySerdes.generic(registry.clientConfig(), false)) {
            GenericRecord read = serde.deserializer().deserialize(topic, payload);

            assertThat(read.get("shard")).hasToString("spam-0007");
            GenericRecord readRange = (GenericRecord) read.get("range");
            assertThat(readRange.get("partition")).isEqualTo(2);
            assertThat(readRange.get("lastOffset")).isEqualTo(42L);
        }
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put(WireFormat.MAGIC_BYTE).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String postJson(String url, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
