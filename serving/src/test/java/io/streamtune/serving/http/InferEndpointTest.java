package io.streamtune.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v2/models/{task}/infer} over a real server: the agreed JSON shape, and a 400 for each bad body. */
class InferEndpointTest {

    private static final String INFER = "/v2/models/spam/infer";

    private final ScriptedChampions champions = new ScriptedChampions().load("spam", "ckpt-7");
    private TestServer server;
    private OipClient client;

    @BeforeEach
    void start() {
        server = TestServer.start(HttpSettings.loopback(0).withLimits(4096, 4, 100), champions, "spam");
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswerEveryTextOfABatchWithLabelProbabilitiesAndTheVersion() {
        OipClient.Answer answer = client.post(INFER, OipClient.inferBody("req-1",
                "[\"win a prize\", \"lunch at noon\"]", 2));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("model_name").asText()).isEqualTo("spam");
        assertThat(body.path("model_version").asText()).isEqualTo("ckpt-7");
        assertThat(body.path("id").asText()).isEqualTo("req-1");
        JsonNode label = body.path("outputs").get(0);
        assertThat(label.path("name").asText()).isEqualTo("label");
        assertThat(label.path("datatype").asText()).isEqualTo("BYTES");
        assertThat(label.path("shape").toString()).isEqualTo("[2]");
        assertThat(label.path("data").toString()).isEqualTo("[\"spam\",\"ham\"]");
        JsonNode probabilities = body.path("outputs").get(1);
        assertThat(probabilities.path("name").asText()).isEqualTo("probabilities");
        assertThat(probabilities.path("datatype").asText()).isEqualTo("FP32");
        assertThat(probabilities.path("shape").toString()).isEqualTo("[2,2]");
        List<Double> rows = new ArrayList<>();
        probabilities.path("data").forEach(value -> rows.add(value.asDouble()));
        assertThat(rows).containsExactly(0.1, 0.9, 0.8, 0.2);
        assertThat(body.path("parameters").path("labels").toString()).isEqualTo("[\"ham\",\"spam\"]");
    }

    @Test
    void shouldAnswerWithoutAnIdWhenTheRequestHasNone() {
        OipClient.Answer answer = client.post(INFER, "{\"inputs\": [{\"name\": \"text\", \"datatype\": \"BYTES\", "
                + "\"shape\": [1, 1], \"data\": [[\"hi\"]]}]}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().has("id")).isFalse();
        assertThat(answer.json().path("outputs").get(0).path("data").toString()).isEqualTo("[\"ham\"]");
    }

    @Test
    void shouldRefuseMalformedJson() {
        OipClient.Answer answer = client.post(INFER, "{\"inputs\": [");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).startsWith("malformed JSON");
    }

    @Test
    void shouldRefuseABodyThatIsNotAnObject() {
        assertThat(client.post(INFER, "[1, 2]").error()).contains("JSON object with \"inputs\"");
    }

    @Test
    void shouldRefuseARequestWithoutATextInput() {
        OipClient.Answer noInputs = client.post(INFER, "{\"id\": \"x\"}");
        OipClient.Answer otherInput = client.post(INFER,
                "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"a\"]}]}");

        assertThat(noInputs.status()).isEqualTo(400);
        assertThat(noInputs.error()).contains("missing \"inputs\"");
        assertThat(otherInput.status()).isEqualTo(400);
        assertThat(otherInput.error()).contains("no input named \"text\"");
    }

    @Test
    void shouldRefuseATextInputOfAnotherDatatype() {
        OipClient.Answer answer = client.post(INFER,
                "{\"inputs\": [{\"name\": \"text\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [0.5]}]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).contains("datatype FP32").contains("must be BYTES");
    }

    @Test
    void shouldRefuseDataThatAreNotStrings() {
        OipClient.Answer answer = client.post(INFER, OipClient.inferBody("x", "[\"ok\", 42]", 2));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).contains("text 1 is number");
    }

    @Test
    void shouldRefuseAnEmptyBatch() {
        OipClient.Answer answer = client.post(INFER, OipClient.inferBody("x", "[]", 0));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).contains("no texts");
    }

    @Test
    void shouldRefuseAShapeThatDisagreesWithTheData() {
        OipClient.Answer answer = client.post(INFER, OipClient.inferBody("x", "[\"a\", \"b\"]", 3));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).contains("holds 3 texts but \"data\" has 2");
    }

    @Test
    void shouldRefuseATextLongerThanTheLimit() {
        OipClient.Answer answer = client.post(INFER, OipClient.inferBody("x",
                "[\"short\", \"" + "a".repeat(101) + "\"]", 2));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("text 1 has 101 characters; the limit is 100 (http.max.text.chars)");
    }

    @Test
    void shouldRefuseABatchLargerThanTheLimit() {
        OipClient.Answer answer = client.post(INFER, OipClient.inferBody("x",
                "[\"1\", \"2\", \"3\", \"4\", \"5\"]", 5));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("more than 4 texts in one request; send at most 4 (http.max.batch)");
    }

    @Test
    void shouldKeepAnsweringAfterBadRequests() {
        client.post(INFER, "\u0000\u0001not json");
        client.post(INFER, "{\"inputs\": {\"name\": \"text\"}}");

        assertThat(client.post(INFER, OipClient.inferBody("after", "[\"win\"]", 1)).status()).isEqualTo(200);
    }
}
