package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.streamtune.model.LabeledText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serving probe against a real HTTP server that answers as serve would, in a scripted order. */
class ServingProbeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LabeledText> EMAILS = List.of(new LabeledText("win money now", "spam"),
            new LabeledText("lunch at noon?", "ham"), new LabeledText("cheap pills", "spam"));

    /** A version the fake server answers with but without the label output. */
    private static final String WITHOUT_LABELS = "spam/no-labels";

    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final Deque<String> versions = new ArrayDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/models/spam/infer", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            int status = statuses.isEmpty() ? 200 : statuses.poll();
            String body = "{\"error\": \"scripted\"}";
            if (status == 200) {
                // Says "spam" to everything: right for the spam emails only.
                StringBuilder labels = new StringBuilder();
                request.path("inputs").get(0).path("data").forEach(text -> labels.append(
                        labels.length() == 0 ? "" : ",").append("\"spam\""));
                String version = versions.poll();
                String outputs = WITHOUT_LABELS.equals(version) ? "[]"
                        : "[{\"name\": \"label\", \"datatype\": \"BYTES\", \"data\": [" + labels + "]}]";
                body = "{\"model_name\": \"spam\", \"model_version\": \"" + version + "\", \"outputs\": "
                        + outputs + "}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private ServingProbe probe() {
        return new ServingProbe(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "spam", EMAILS, 2,
                Duration.ofSeconds(1), Instant.now());
    }

    @Test
    void shouldSendHeldOutEmailsInTheOpenInferenceProtocolShapeInTurn() {
        versions.add("spam/0001");
        versions.add("spam/0001");
        try (ServingProbe probe = probe()) {
            probe.askOnce();
            probe.askOnce();
        }

        assertThat(requests).hasSize(2);
        JsonNode input = requests.get(0).path("inputs").get(0);
        assertThat(input.path("name").asText()).isEqualTo("text");
        assertThat(input.path("datatype").asText()).isEqualTo("BYTES");
        assertThat(input.path("shape").get(0).asInt()).isEqualTo(2);
        assertThat(input.path("data").get(1).asText()).isEqualTo("lunch at noon?");
        // The second request goes on where the first stopped, wrapping around the held-out emails.
        assertThat(requests.get(1).path("inputs").get(0).path("data").get(1).asText()).isEqualTo("win money now");
    }

    @Test
    void shouldCountNotReadyFailuresAnswersAndTheFirstAnswerOfEachVersion() {
        statuses.addAll(List.of(503, 200, 500, 200, 200));
        versions.addAll(List.of("spam/0001", "spam/0002", "spam/0002"));
        try (ServingProbe probe = probe()) {
            for (int i = 0; i < 5; i++) {
                probe.askOnce();
            }
            RunRecord.ServingSummary summary = probe.summary(new Freshness("examples"));

            assertThat(probe.notReady()).isEqualTo(1);
            assertThat(probe.points()).extracting(RunRecord.ServedPoint::modelVersion)
                    .containsExactly("spam/0001", null, "spam/0002", "spam/0002");
            assertThat(probe.firstAnswers().keySet()).containsExactly("spam/0001", "spam/0002");
            assertThat(summary.requests()).isEqualTo(4);
            assertThat(summary.failed()).isEqualTo(1);
            assertThat(summary.answers()).isEqualTo(6);
            assertThat(summary.versions()).isEqualTo(2);
            // Answered requests asked (cheap, win), (win, lunch), (cheap, win): 5 of the 6 are spam.
            assertThat(summary.accuracy()).isCloseTo(5.0 / 6, within(1e-9));
            assertThat(summary.freshnessP50()).isNaN();
        }
    }

    @Test
    void shouldTakeAnUnknownTaskForNoChampionYetOnlyBeforeTheFirstAnswer() {
        statuses.addAll(List.of(404, 200, 404));
        versions.add("spam/0001");
        try (ServingProbe probe = probe()) {
            for (int i = 0; i < 3; i++) {
                probe.askOnce();
            }

            assertThat(probe.notReady()).isEqualTo(1);
            assertThat(probe.points()).extracting(RunRecord.ServedPoint::modelVersion)
                    .containsExactly("spam/0001", null);
        }
    }

    @Test
    void shouldCountAnAnswerWithoutLabelsAsAFailure() {
        versions.add(WITHOUT_LABELS);
        try (ServingProbe probe = probe()) {
            probe.askOnce();

            assertThat(probe.points()).singleElement()
                    .satisfies(point -> assertThat(point.modelVersion()).isNull());
        }
    }
}
