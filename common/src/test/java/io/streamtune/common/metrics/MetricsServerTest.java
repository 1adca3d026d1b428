package io.streamtune.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void shouldServeRegistryInPrometheusFormat() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("examples.accepted", "task", "spam").increment(3);

        try (MetricsServer server = MetricsServer.start(0, registry, () -> MetricsServer.Health.up("ok"))) {
            HttpResponse<String> response = get(server, "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body()).contains("examples_accepted_total{task=\"spam\"} 3.0");
        }
    }

    @Test
    void shouldAnswerHealthFromSupplierOnEveryRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        try (MetricsServer server = MetricsServer.start(0, registry, () -> running.get()
                ? MetricsServer.Health.up("RUNNING") : MetricsServer.Health.down("ERROR"))) {
            HttpResponse<String> up = get(server, "/health");
            running.set(false);
            HttpResponse<String> down = get(server, "/health");

            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("UP RUNNING\n");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("DOWN ERROR\n");
        }
    }

    @Test
    void shouldAnswerLiveAndReadySeparatelyAndExportThemAsGauges() throws Exception {
        AtomicBoolean brokerUp = new AtomicBoolean(true);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServiceHealth health = new ServiceHealth("evaluator", Duration.ofMinutes(1), Duration.ofMinutes(1),
                brokerUp::get, () -> false);
        health.started();

        try (MetricsServer server = MetricsServer.start(0, registry, health)) {
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(server, "/metrics").body()).contains("streamtune_service_ready{service=\"evaluator\"} 1.0",
                    "streamtune_service_live{service=\"evaluator\"} 1.0");
            brokerUp.set(false);

            HttpResponse<String> ready = get(server, "/health/ready");
            HttpResponse<String> legacy = get(server, "/health");
            HttpResponse<String> live = get(server, "/health/live");

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("DOWN broker unreachable\n");
            assertThat(legacy.statusCode()).as("/health is readiness").isEqualTo(503);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(get(server, "/metrics").body()).contains("streamtune_service_ready{service=\"evaluator\"} 0.0",
                    "streamtune_service_live{service=\"evaluator\"} 1.0");
            assertThat(get(server, "/health/other").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldRejectPortOutOfRange() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        assertThatThrownBy(() -> MetricsServer.start(MetricsServer.DISABLED, registry,
                () -> MetricsServer.Health.up("ok")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
