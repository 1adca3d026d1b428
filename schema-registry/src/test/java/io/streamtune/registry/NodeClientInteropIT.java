package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.LabeledExample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interoperability with Confluent's official Node.js client ({@code @confluentinc/schemaregistry}, its
 * AvroSerializer and AvroDeserializer) through the embedded registry: what it writes Streamtune reads, and the
 * other way round. The client is installed by the build ({@code npm ci} in {@code src/test/node}).
 */
@ExtendWith(RegistryExtension.class)
class NodeClientInteropIT {

    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final Path SCHEMA_FILE = Path.of("..", "schemas", "src", "main", "avro", "LabeledExample.avsc")
            .toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void requireInstalledClient() {
        assertThat(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry"))
                .as("Confluent's Node.js client; install it with: npm ci --prefix schema-registry/src/test/node")
                .isDirectory();
    }

    @Test
    void shouldReadRecordsWrittenByConfluentsNodeSerializer(EmbeddedRegistry registry) throws Exception {
        String topic = TestRecords.uniqueTopic("from-node");
        ArrayNode records = JSON.createArrayNode();
        records.addObject().put("id", "n-1").put("task", "spam").put("text", "FREE money!!!").putNull("features")
                .put("label", "spam").put("source", "node").put("eventTime", 1_764_000_000_000L).put("split", "TRAIN");
        records.addObject().put("id", "n-2").put("task", "spam").put("text", "Lunch at noon?").putNull("features")
                .put("label", "ham").putNull("source").put("eventTime", 1_764_000_000_001L).putNull("split");

        JsonNode payloads = runNode(records, "serialize", registry.url(), topic, SCHEMA_FILE.toString());

        List<LabeledExample> read = new ArrayList<>();
        try (AvroRegistrySerde<LabeledExample> serde =
                RegistrySerdes.specific(LabeledExample.class, registry.clientConfig(), false)) {
            payloads.forEach(p -> read.add(serde.deserializer().deserialize(topic, Base64.getDecoder()
                    .decode(p.asText()))));
        }
        assertThat(read).hasSize(2);
        assertThat(read.get(0).getId()).isEqualTo("n-1");
        assertThat(read.get(0).getText()).isEqualTo("FREE money!!!");
        assertThat(read.get(0).getLabel()).isEqualTo("spam");
        assertThat(read.get(0).getEventTime().toEpochMilli()).isEqualTo(1_764_000_000_000L);
        assertThat(read.get(0).getSplit()).hasToString("TRAIN");
        assertThat(read.get(1).getSource()).isNull();
        assertThat(read.get(1).getSplit()).isNull();
        assertThat(read.get(1).getLabel()).isEqualTo("ham");
    }

    @Test
    void shouldWriteRecordsThatConfluentsNodeDeserializerReads(EmbeddedRegistry registry) throws Exception {
        String topic = TestRecords.uniqueTopic("to-node");
        LabeledExample example = TestRecords.example("j-1", "Quarterly report attached", "ham");
        ArrayNode payloads = JSON.createArrayNode();
        try (AvroRegistrySerde<LabeledExample> serde =
                RegistrySerdes.specific(LabeledExample.class, registry.clientConfig(), false)) {
            payloads.add(Base64.getEncoder().encodeToString(serde.serializer().serialize(topic, example)));
        }

        JsonNode read = runNode(payloads, "deserialize", registry.url(), topic).get(0);

        assertThat(read.get("id").asText()).isEqualTo("j-1");
        assertThat(read.get("task").asText()).isEqualTo("spam");
        assertThat(read.get("text").asText()).isEqualTo("Quarterly report attached");
        assertThat(read.get("label").asText()).isEqualTo("ham");
        assertThat(read.get("features").get(1).asDouble()).isEqualTo(-1.5);
        assertThat(read.get("eventTime").asLong()).isEqualTo(example.getEventTime().toEpochMilli());
        assertThat(read.get("split").asText()).isEqualTo("TRAIN");
    }

    private static JsonNode runNode(JsonNode input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "interop.mjs"));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("node-interop", ".err");
        Process node = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                .redirectError(stderr.toFile()).start();
        try (var in = node.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(input));
        }
        byte[] out = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node failed: %s", Files.readString(stderr)).isZero();
        return JSON.readTree(new String(out, StandardCharsets.UTF_8));
    }
}
