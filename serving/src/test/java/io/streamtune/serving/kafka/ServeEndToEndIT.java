package io.streamtune.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.InferencePrediction;
import io.streamtune.schemas.InferenceRequest;
import io.streamtune.serving.PromotionWriter;
import io.streamtune.serving.ServeConfig;
import io.streamtune.serving.ServeService;
import io.streamtune.serving.TinyCheckpoints;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve process as it runs, on the real broker and registry and real (tiny) checkpoints: the champion library,
 * the HTTP server and Kafka inference together. The first promotion is answered over HTTP and on Kafka with the
 * checkpoint's own probabilities (ONNX Runtime, the default runtime, against DJL); the next promotion swaps both.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class ServeEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String TEXT = "win free cash now";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void shouldAnswerOverHttpAndKafkaWithTheChampionAndSwapBothOnPromotion(KafkaBroker broker,
            EmbeddedRegistry registry) throws Exception {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        CheckpointMetadata first = TinyCheckpoints.write(store, "spam/first", 1);
        CheckpointMetadata second = TinyCheckpoints.write(store, "spam/second", 2);
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(Topics.PROMOTIONS));
        }
        String group = "serve-e2e-" + UUID.randomUUID();
        Map<String, Object> originals = new HashMap<>(InferenceLoopIT.config(broker, registry.clientConfig(), group)
                .originals());
        originals.put(ServeConfig.CHECKPOINT_DIR_CONFIG, store.root().toString());
        originals.put(ServeConfig.HTTP_PORT_CONFIG, "0");
        Map<String, Object> registryConfig = registry.clientConfig();
        try (ServeService serve = ServeService.start(new ServeConfig(originals));
                PromotionWriter promotions = new PromotionWriter(broker.bootstrapServers(), registryConfig);
                KafkaProducer<String, byte[]> producer = InferenceLoopIT.producer(broker);
                AvroRegistrySerde<InferenceRequest> requests = RegistrySerdes.specific(InferenceRequest.class,
                        registryConfig, false);
                InferenceLoopIT.Answers answers = new InferenceLoopIT.Answers(broker, registryConfig, group)) {
            URI infer = URI.create("http://127.0.0.1:" + serve.httpPort() + "/v2/models/spam/infer");

            promotions.write(TinyCheckpoints.promotion("spam", first, "PROMOTION"));
            JsonNode answer = awaitAnswerFrom(infer, first.id());
            float[] expected = TinyCheckpoints.probabilities(store, first.id(), List.of(TEXT)).get(0);
            JsonNode probabilities = answer.path("outputs").get(1).path("data");
            assertThat(answer.path("outputs").get(1).path("name").asText()).isEqualTo("probabilities");
            assertThat(probabilities.get(0).asDouble()).isCloseTo(expected[0], within(1e-4));
            assertThat(probabilities.get(1).asDouble()).isCloseTo(expected[1], within(1e-4));
            InferenceLoopIT.send(producer, requests, InferenceLoopIT.request(group + "-1", TEXT));
            producer.flush();
            await().atMost(WAIT).until(() -> answers.poll() && answers.predictions.size() == 1);
            InferencePrediction prediction = answers.predictions.get(0);
            assertThat(prediction.getModelVersion()).isEqualTo(first.id());
            assertThat(prediction.getProbabilities().get("spam")).isCloseTo(expected[1], within(1e-4));

            promotions.write(TinyCheckpoints.promotion("spam", second, "PROMOTION"));
            awaitAnswerFrom(infer, second.id());
            InferenceLoopIT.send(producer, requests, InferenceLoopIT.request(group + "-2", TEXT));
            producer.flush();
            await().atMost(WAIT).until(() -> answers.poll() && answers.predictions.size() == 2);
            assertThat(answers.predictions.get(1).getModelVersion()).isEqualTo(second.id());
            assertThat(answers.deadLetters).isEmpty();
        }
    }

    /** Asks until the answer comes from {@code version}: 404 and 503 while no champion is loaded yet. */
    private static JsonNode awaitAnswerFrom(URI infer, String version) {
        String body = "{\"inputs\":[{\"name\":\"text\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"" + TEXT
                + "\"]}]}";
        JsonNode[] answer = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(infer)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                assertThat(response.statusCode()).as(response.body()).isIn(404, 503);
                return false;
            }
            answer[0] = JSON.readTree(response.body());
            return version.equals(answer[0].path("model_version").asText());
        });
        return answer[0];
    }
}
