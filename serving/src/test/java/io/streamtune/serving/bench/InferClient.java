package io.streamtune.serving.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain Open Inference Protocol client of serve, as any downstream service would write one. */
final class InferClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: the HTTP status, the version that answered, and the probabilities (one row per text). */
    record Answer(int status, String version, List<float[]> probabilities) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI infer;

    InferClient(String serveUrl, String task) {
        this.infer = URI.create(serveUrl + "/v2/models/" + task + "/infer");
    }

    Answer infer(List<String> texts) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode input = body.putArray("inputs").addObject();
        input.put("name", "text").put("datatype", "BYTES").putArray("shape").add(texts.size());
        ArrayNode data = input.putArray("data");
        texts.forEach(data::add);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(infer).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return new Answer(response.statusCode(), null, List.of());
        }
        JsonNode answer = JSON.readTree(response.body());
        List<float[]> rows = new ArrayList<>();
        for (JsonNode output : answer.path("outputs")) {
            if ("probabilities".equals(output.path("name").asText())) {
                int width = output.path("shape").get(1).asInt();
                JsonNode values = output.path("data");
                for (int row = 0; row < texts.size(); row++) {
                    float[] probabilities = new float[width];
                    for (int i = 0; i < width; i++) {
                        probabilities[i] = (float) values.get(row * width + i).asDouble();
                    }
                    rows.add(probabilities);
                }
            }
        }
        return new Answer(200, answer.path("model_version").asText(null), rows);
    }
}
