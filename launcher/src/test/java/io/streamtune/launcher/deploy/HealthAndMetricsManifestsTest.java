package io.streamtune.launcher.deploy;

import static io.streamtune.launcher.deploy.DeployFixture.setting;
import static io.streamtune.launcher.deploy.DeployFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.metrics.MetricsServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests scrape, probe and health-check each service on the port and paths it serves its metrics and health
 * endpoints on.
 */
class HealthAndMetricsManifestsTest {

    @Test
    void shouldScrapeEachServiceOnThePortItServesMetricsOn() {
        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        List<JsonNode> monitors = Manifests.ofKind(resources, "PodMonitor");
        for (ServiceKind service : ServiceKind.values()) {
            JsonNode deployment = Manifests.find(resources, "Deployment", "streamtune-" + service.component());
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> raw = ServiceKind.rawConfig(values(Manifests.environment(container, resources)));
            int metricsPort = Integer.parseInt(setting(service, raw, "metrics.port"));
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");

            JsonNode monitor = monitors.stream().filter(m -> selects(m, labels)).findFirst().orElse(null);
            assertThat(monitor).as(service + " pods are scraped").isNotNull();
            String portName = monitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText();
            JsonNode port = null;
            for (JsonNode candidate : container.path("ports")) {
                if (candidate.path("name").asText().equals(portName)) {
                    port = candidate;
                }
            }
            assertThat(port).as(service + " names its metrics port " + portName).isNotNull();
            assertThat(port.path("containerPort").asInt()).as(service + " metrics.port").isEqualTo(metricsPort);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldProbeLivenessAndReadinessOnTheEndpointsEachServiceServes(String overlay) {
        List<JsonNode> resources = Manifests.kustomize(Manifests.DEPLOY.resolve("k8s/overlays/" + overlay));
        for (ServiceKind service : ServiceKind.values()) {
            JsonNode deployment = Manifests.find(resources, "Deployment", "streamtune-" + service.component());
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> raw = ServiceKind.rawConfig(values(Manifests.environment(container, resources)));
            int metricsPort = Integer.parseInt(setting(service, raw, "metrics.port"));
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("path").asText()).as(service + " " + probe).isEqualTo(probe.startsWith("readiness")
                        ? MetricsServer.READY_PATH : MetricsServer.LIVE_PATH);
                assertThat(containerPort(container, get.path("port").asText())).as(service + " " + probe + " port")
                        .isEqualTo(metricsPort);
            }
        }
    }

    @Test
    void shouldCheckEachComposeServiceOnItsReadinessEndpoint() {
        Map<String, JsonNode> services = Manifests.composeServices("compose.yaml");
        for (ServiceKind service : ServiceKind.values()) {
            JsonNode compose = services.get(service.component());
            Map<String, String> raw = ServiceKind.rawConfig(Manifests.composeEnvironment(compose));
            String test = compose.path("healthcheck").path("test").toString();

            assertThat(test).as(service + " healthcheck").contains(MetricsServer.READY_PATH,
                    "/127.0.0.1/" + setting(service, raw, "metrics.port") + " ");
        }
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    private static boolean selects(JsonNode podMonitor, JsonNode podLabels) {
        JsonNode wanted = podMonitor.path("spec").path("selector").path("matchLabels");
        List<String> missing = new ArrayList<>();
        wanted.fields().forEachRemaining(f -> {
            if (!podLabels.path(f.getKey()).asText().equals(f.getValue().asText())) {
                missing.add(f.getKey());
            }
        });
        return wanted.size() > 0 && missing.isEmpty();
    }
}
