package io.streamtune.common.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.metrics.MetricsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEndpointTest {

    /** Nothing listens there: the probe finds no broker, which the endpoint must not mind. */
    private static final KafkaConnectionConfig CONFIG =
            new KafkaConnectionConfig(Map.of(KafkaConnectionConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"));

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void shouldServeTheServicesMetersAndHealthOnItsPort() throws Exception {
        try (ServiceEndpoint endpoint = ServiceEndpoint.start(CONFIG, "ingest", 0, () -> false)) {
            endpoint.registry().counter("examples.accepted").increment(2);

            HttpResponse<String> metrics = get(endpoint.metricsPort(), "/metrics");
            HttpResponse<String> ready = get(endpoint.metricsPort(), MetricsServer.READY_PATH);

            assertThat(endpoint.metricsPort()).isPositive();
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("examples_accepted_total 2.0", "service=\"ingest\"");
            assertThat(ready.statusCode()).as("not started yet").isEqualTo(503);
        }
    }

    @Test
    void shouldServeNothingWhenThePortIsDisabled() {
        try (ServiceEndpoint endpoint = ServiceEndpoint.start(CONFIG, "trainer", MetricsServer.DISABLED, () -> false)) {
            assertThat(endpoint.metricsPort()).isEqualTo(MetricsServer.DISABLED);
            assertThat(endpoint.health()).isNotNull();
        }
    }

    @Test
    void shouldStopServingWhenClosed() throws Exception {
        ServiceEndpoint endpoint = ServiceEndpoint.start(CONFIG, "evaluator", 0, () -> false);
        int port = endpoint.metricsPort();

        endpoint.close();

        assertThatThrownBy(() -> get(port, "/metrics")).isInstanceOf(IOException.class);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
