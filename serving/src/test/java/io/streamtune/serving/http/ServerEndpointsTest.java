package io.streamtune.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metadata, health, metrics and the errors that are not about the body: 404, 405, 413, 503 and 500. */
class ServerEndpointsTest {

    private final ScriptedChampions champions = new ScriptedChampions().load("spam", "ckpt-7");
    private TestServer server;
    private OipClient client;

    @BeforeEach
    void start() {
        server = TestServer.start(HttpSettings.loopback(0).withLimits(2048, 8, 1000), champions, "spam", "toxic");
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldDescribeTheChampionInTheModelMetadata() {
        OipClient.Answer answer = client.get("/v2/models/spam");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("name").asText()).isEqualTo("spam");
        assertThat(body.path("versions").toString()).isEqualTo("[\"ckpt-7\"]");
        assertThat(body.path("platform").asText()).isEqualTo("streamtune-djl");
        assertThat(body.path("inputs").get(0).path("name").asText()).isEqualTo("text");
        assertThat(body.path("outputs").get(1).path("shape").toString()).isEqualTo("[-1,2]");
        JsonNode parameters = body.path("parameters");
        assertThat(parameters.path("labels").toString()).isEqualTo("[\"ham\",\"spam\"]");
        assertThat(parameters.path("metrics").path("accuracy").asDouble()).isEqualTo(0.93);
        assertThat(parameters.path("promoted_at").asText()).isEqualTo("2026-12-05T10:00:00Z");
        assertThat(parameters.path("loaded_at").asText()).isEqualTo("2026-12-05T10:00:02Z");
        assertThat(parameters.path("content_hash").asText()).isEqualTo("sha256:ckpt-7");
        assertThat(parameters.path("kind").asText()).isEqualTo("PROMOTION");
    }

    @Test
    void shouldAnswerTheServerMetadataAndLiveness() {
        assertThat(client.get("/v2").json().path("name").asText()).isEqualTo("streamtune");
        OipClient.Answer live = client.get("/v2/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("live").asBoolean()).isTrue();
    }

    @Test
    void shouldBeReadyOnlyOnceEveryConfiguredTaskHasAChampion() {
        OipClient.Answer waiting = client.get("/v2/health/ready");
        assertThat(waiting.status()).isEqualTo(503);
        assertThat(waiting.json().path("detail").asText()).isEqualTo("no champion loaded yet for toxic");
        assertThat(client.get("/v2/models/toxic/ready").status()).isEqualTo(503);

        champions.load("toxic", "ckpt-1");

        assertThat(client.get("/v2/health/ready").status()).isEqualTo(200);
        assertThat(client.get("/v2/models/toxic/ready").status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer503ForAServedTaskWithoutAChampionYet() {
        OipClient.Answer answer = client.post("/v2/models/toxic/infer", OipClient.inferBody("x", "[\"a\"]", 1));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.error()).isEqualTo("task 'toxic' has no champion loaded yet; retry later");
    }

    @Test
    void shouldAnswer404ForAnUnknownTaskPathOrVersion() {
        OipClient.Answer task = client.post("/v2/models/nosuch/infer", OipClient.inferBody("x", "[\"a\"]", 1));
        OipClient.Answer path = client.get("/v2/nowhere");
        OipClient.Answer version = client.get("/v2/models/spam/versions/ckpt-3");

        assertThat(task.status()).isEqualTo(404);
        assertThat(task.error()).isEqualTo("task 'nosuch' is not served here; tasks: spam, toxic");
        assertThat(path.status()).isEqualTo(404);
        assertThat(path.error()).startsWith("no such path: /v2/nowhere");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.error()).contains("the champion is ckpt-7");
        assertThat(client.get("/v2/models/spam/versions/ckpt-7").status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer405ForTheWrongMethod() {
        OipClient.Answer answer = client.get("/v2/models/spam/infer");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.response().headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void shouldAnswer413ForABodyBeyondTheLimit() {
        String tooLarge = OipClient.inferBody("x", "[\"" + "a".repeat(3000) + "\"]", 1);
        OipClient.Answer declared = client.post("/v2/models/spam/infer", tooLarge);
        // No Content-Length: the body arrives in chunks and is cut off at the limit.
        byte[] bytes = tooLarge.getBytes(StandardCharsets.UTF_8);
        OipClient.Answer chunked = client.send(client.request("/v2/models/spam/infer").POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build());

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.error()).isEqualTo("the request body exceeds 2048 bytes (http.max.request.bytes)");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(client.post("/v2/models/spam/infer", OipClient.inferBody("x", "[\"a\"]", 1)).status())
                .isEqualTo(200);
    }

    @Test
    void shouldAnswer500WhenScoringFailsAndKeepServing() {
        champions.failPredictionsWith(new IllegalStateException("model exploded"));

        OipClient.Answer failed = client.post("/v2/models/spam/infer", OipClient.inferBody("x", "[\"a\"]", 1));

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.error()).contains("model exploded");
        assertThat(client.get("/v2/health/live").status()).isEqualTo(200);
    }

    @Test
    void shouldCountRequestsErrorsAndInferLatencyPerTask() {
        client.post("/v2/models/spam/infer", OipClient.inferBody("x", "[\"a\", \"b\"]", 2));
        client.post("/v2/models/spam/infer", "{");

        String metrics = client.get("/metrics").body();

        assertThat(metrics).contains("streamtune_serving_http_infer_latency_seconds_bucket{task=\"spam\"");
        assertThat(metrics).contains("streamtune_serving_http_infer_latency_seconds_count{task=\"spam\"} 1");
        assertThat(metrics).contains("streamtune_serving_http_texts_total{task=\"spam\"} 2.0");
        assertThat(metrics).contains("streamtune_serving_http_requests_total{endpoint=\"infer\",status=\"200\"} 1.0");
        assertThat(metrics).contains("streamtune_serving_http_requests_total{endpoint=\"infer\",status=\"400\"} 1.0");
        assertThat(metrics).contains("streamtune_serving_http_errors_total{status=\"400\"} 1.0");
    }
}
