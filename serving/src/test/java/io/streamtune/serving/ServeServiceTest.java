package io.streamtune.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.serving.http.ScriptedChampions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The serve process: a graceful stop answers the request in flight, then closes the models. */
class ServeServiceTest {

    private static final String BODY = "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\", "
            + "\"data\": [\"win now\"]}]}";

    @Test
    void shouldFinishTheRequestInFlightThenCloseTheChampionsOnStop() throws Exception {
        ScriptedChampions champions = new ScriptedChampions().load("spam", "ckpt-7");
        CountDownLatch release = new CountDownLatch(1);
        champions.holdPredictionsUntil(release);
        ServeService service = ServeService.start(new ServeConfig(Map.of("schema.registry.url", "http://127.0.0.1:1",
                "checkpoint.dir", "/tmp/unused", "http.port", "0", "tasks", "spam")), champions,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        URI infer = URI.create("http://127.0.0.1:" + service.httpPort() + "/v2/models/spam/infer");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(infer)
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(champions.awaitPredicting(60)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(service::close);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30)).until(() -> !stopping.isDone());
        assertThat(champions.closed()).isFalse();
        release.countDown();

        HttpResponse<String> answered = inFlight.get(60, TimeUnit.SECONDS);
        stopping.get(60, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).contains("\"model_version\":\"ckpt-7\"");
        assertThat(champions.closed()).isTrue();
        assertThat(service.awaitTermination()).isFalse();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(infer)
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
