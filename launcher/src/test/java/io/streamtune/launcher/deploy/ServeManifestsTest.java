package io.streamtune.launcher.deploy;

import static io.streamtune.launcher.deploy.DeployFixture.containerPort;
import static io.streamtune.launcher.deploy.DeployFixture.setting;
import static io.streamtune.launcher.deploy.DeployFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.config.ConfigLoader;
import io.streamtune.launcher.deploy.Manifests.EnvVar;
import io.streamtune.launcher.deploy.Manifests.Source;
import io.streamtune.serving.ServeConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What only {@code serve} has: an HTTP API for clients outside Streamtune, kept off the network unless it is
 * encrypted and asks for a token, behind a Service that only ready pods join. The checks all services share are in
 * the other deploy tests; its ACLs in {@code ServeAclManifestsTest}.
 */
class ServeManifestsTest {

    private static final String LOOPBACK = "127.0.0.1";

    @Test
    void shouldServeOverTlsWithABearerTokenFromSecretsWhereItListensBeyondLoopbackInKubernetes() {
        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        Map<String, EnvVar> env = Manifests.environment(serveContainer(resources), resources);
        Map<String, String> raw = ServiceKind.rawConfig(values(env));

        assertThat(setting(ServiceKind.SERVE, raw, ServeConfig.HTTP_HOST_CONFIG))
                .as("the default binds loopback: a Deployment that overrides it must secure the port")
                .isNotEqualTo(LOOPBACK);
        assertThat(raw.get(ServeConfig.HTTP_TLS_KEYSTORE_LOCATION_CONFIG)).as("HTTPS").isNotBlank();
        for (String secret
                : List.of(ServeConfig.HTTP_AUTH_TOKEN_CONFIG, ServeConfig.HTTP_TLS_KEYSTORE_PASSWORD_CONFIG)) {
            List<Source> sources = env.values().stream()
                    .filter(v -> ConfigLoader.fromEnv(Map.of(v.name(), "")).containsKey(secret))
                    .map(EnvVar::source).toList();
            assertThat(sources).as(secret + " set, from a Secret").containsExactly(Source.SECRET);
        }
    }

    @Test
    void shouldBindLoopbackOnTheHostInCompose() {
        JsonNode serve = Manifests.composeServices("compose.yaml").get(ServiceKind.SERVE.component());
        Map<String, String> raw = ServiceKind.rawConfig(Manifests.composeEnvironment(serve));
        String port = setting(ServiceKind.SERVE, raw, ServeConfig.HTTP_PORT_CONFIG);

        // In the container it listens on every interface, or the published port would reach nothing...
        assertThat(setting(ServiceKind.SERVE, raw, ServeConfig.HTTP_HOST_CONFIG)).isEqualTo("0.0.0.0");
        // ...and the host publishes it on loopback only: plain HTTP without a token never leaves the machine.
        assertThat(serve.path("ports").toString()).isEqualTo("[\"" + LOOPBACK + ":" + port + ":" + port + "\"]");
    }

    @Test
    void shouldSendClientsOnlyToReadyServePodsOnTheirHttpPort() {
        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        JsonNode deployment = Manifests.find(resources, "Deployment", "streamtune-serve");
        JsonNode container = serveContainer(resources);
        JsonNode service = Manifests.find(resources, "Service", "streamtune-serve");
        Map<String, String> raw = ServiceKind.rawConfig(values(Manifests.environment(container, resources)));

        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        service.path("spec").path("selector").fields().forEachRemaining(label -> assertThat(
                podLabels.path(label.getKey()).asText()).as("Service selects serve pods").isEqualTo(
                        label.getValue().asText()));
        JsonNode target = containerPort(container, service.path("spec").path("ports").get(0).path("targetPort")
                .asText());
        assertThat(target).as("the Service's targetPort names a container port").isNotNull();
        assertThat(target.path("containerPort").asText())
                .isEqualTo(setting(ServiceKind.SERVE, raw, ServeConfig.HTTP_PORT_CONFIG));
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText())
                .as("readiness, which a Service's endpoints follow, is probed on the same port")
                .isEqualTo(target.path("name").asText());
        assertThat(deployment.path("spec").path("replicas").asInt()).as("stateless: replicas share the load")
                .isGreaterThanOrEqualTo(2);
    }

    private static JsonNode serveContainer(List<JsonNode> resources) {
        return Manifests.container(Manifests.find(resources, "Deployment", "streamtune-serve"), "serve");
    }
}
