package io.streamtune.launcher.deploy;

import static io.streamtune.launcher.deploy.DeployFixture.containerPort;
import static io.streamtune.launcher.deploy.DeployFixture.scrapingEndpoints;
import static io.streamtune.launcher.deploy.DeployFixture.setting;
import static io.streamtune.launcher.deploy.DeployFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.launcher.deploy.Manifests.EnvVar;
import io.streamtune.launcher.deploy.ServiceKind.Endpoints;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests scrape, probe and health-check each service on the port and paths it serves its metrics and health
 * endpoints on, over TLS and with its bearer token where it asks for them.
 */
class HealthAndMetricsManifestsTest {

    @Test
    void shouldScrapeEachServiceOnThePortItServesMetricsOn() {
        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        for (ServiceKind service : ServiceKind.values()) {
            JsonNode deployment = Manifests.find(resources, "Deployment", "streamtune-" + service.component());
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, EnvVar> env = Manifests.environment(container, resources);
            Map<String, String> raw = ServiceKind.rawConfig(values(env));
            Endpoints endpoints = service.endpoints();
            int metricsPort = Integer.parseInt(setting(service, raw, endpoints.portKey()));

            List<JsonNode> scrapes = scrapingEndpoints(resources, deployment, container);
            assertThat(scrapes).as(service + " pods are scraped once").hasSize(1);
            JsonNode scrape = scrapes.get(0);
            JsonNode port = containerPort(container, scrape.path("port").asText());
            assertThat(port.path("containerPort").asInt()).as(service + " " + endpoints.portKey())
                    .isEqualTo(metricsPort);
            assertThat(scrape.path("scheme").asText("http")).as(service + " scrape scheme")
                    .isEqualTo(endpoints.tls(raw) ? "https" : "http");
            if (endpoints.tokenKey() != null && raw.containsKey(endpoints.tokenKey())) {
                // /metrics asks for the same bearer token as every other request: Prometheus reads it where serve does.
                JsonNode credentials = scrape.path("authorization").path("credentials");
                assertThat(scrape.path("authorization").path("type").asText()).as(service + " scrape")
                        .isEqualTo("Bearer");
                assertThat("secret:" + credentials.path("name").asText() + "/" + credentials.path("key").asText())
                        .as(service + " scrape token").isEqualTo(raw.get(endpoints.tokenKey()));
            }
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
            Endpoints endpoints = service.endpoints();
            int port = Integer.parseInt(setting(service, raw, endpoints.portKey()));
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("path").asText()).as(service + " " + probe).isEqualTo(probe.startsWith("readiness")
                        ? endpoints.readyPath() : endpoints.livePath());
                JsonNode probed = containerPort(container, get.path("port").asText());
                assertThat(probed).as(service + " " + probe + " names a container port").isNotNull();
                assertThat(probed.path("containerPort").asInt()).as(service + " " + probe + " port").isEqualTo(port);
                assertThat(get.path("scheme").asText("HTTP")).as(service + " " + probe + " scheme")
                        .isEqualTo(endpoints.tls(raw) ? "HTTPS" : "HTTP");
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

            assertThat(test).as(service + " healthcheck").contains("GET " + service.endpoints().readyPath() + " ",
                    "/127.0.0.1/" + setting(service, raw, service.endpoints().portKey()) + " ");
        }
    }
}
