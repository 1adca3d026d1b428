package io.streamtune.launcher.deploy;

import static io.streamtune.launcher.deploy.DeployFixture.mountedVolume;
import static io.streamtune.launcher.deploy.DeployFixture.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.config.ConfigLoader;
import io.streamtune.launcher.deploy.Manifests.EnvVar;
import io.streamtune.launcher.deploy.Manifests.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every variable a manifest (Kubernetes overlay or Compose file) sets is a key the service's typed config reads (its
 * {@code ConfigDef}, through {@link ConfigLoader}'s mapping) and the result passes that config's own validation;
 * secrets come from Secrets; the services reach Kafka with SASL_SSL and SCRAM.
 */
class ServiceEnvironmentManifestsTest {

    @TempDir
    private Path temporary;
    private Path secretFileStandIn;

    /**
     * Variables the manifests may set that are not service config keys, each with who reads it. Anything else
     * that a manifest sets must be a config key of the service.
     */
    private static final Map<String, String> OTHER_VARIABLES = Map.of(
            "JAVA_TOOL_OPTIONS", "the JVM",
            "OMP_WAIT_POLICY", "libtorch's OpenMP (and TrainerService, which warns when unset)",
            "DJL_CACHE_DIR", "DJL",
            "PYTORCH_LIBRARY_PATH", "DJL's PyTorch engine",
            "PYTORCH_FLAVOR", "DJL's PyTorch engine",
            "PYTORCH_VERSION", "DJL's PyTorch engine",
            "LD_LIBRARY_PATH", "the dynamic linker",
            "NVIDIA_VISIBLE_DEVICES", "the NVIDIA container toolkit",
            "NVIDIA_DRIVER_CAPABILITIES", "the NVIDIA container toolkit");

    @BeforeEach
    void createSecretFileStandIn() throws IOException {
        secretFileStandIn = Files.writeString(temporary.resolve("from-a-secret"), "stands in for a mounted file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void shouldSetOnlyVariablesTheServicesReadAndEveryOneTheyRequireInKubernetes(String overlay) {
        List<JsonNode> resources = Manifests.kustomize(Manifests.DEPLOY.resolve("k8s").resolve(overlay));
        Set<ServiceKind> seen = new TreeSet<>();
        for (JsonNode deployment : Manifests.ofKind(resources, "Deployment")) {
            ServiceKind service = ServiceKind.of(deployment.path("metadata").path("labels")
                    .path("app.kubernetes.io/component").asText());
            if (service == null) {
                continue; // the schema registry: not ours
            }
            seen.add(service);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, EnvVar> env = Manifests.environment(container, resources);
            Map<String, String> values = withSecretFilesPresent(values(env), deployment, container, service);

            assertReadsEveryVariable(service, values, overlay);
            assertSecretsFromSecrets(service, env, overlay);
            assertSaslSslWithScram(service, env, container, deployment, resources);
        }
        assertThat(seen).containsExactlyInAnyOrder(ServiceKind.values());
    }

    @Test
    void shouldSetOnlyVariablesTheServicesReadAndEveryOneTheyRequireInCompose() {
        for (String[] files
                : List.of(new String[] {"compose.yaml"}, new String[] {"compose.yaml", "compose.gpu.yaml"})) {
            Map<String, JsonNode> services = Manifests.composeServices(files);
            for (ServiceKind service : ServiceKind.values()) {
                JsonNode compose = services.get(service.component());
                assertThat(compose).as("Compose service " + service.component()).isNotNull();
                Map<String, String> env = Manifests.composeEnvironment(compose);
                assertReadsEveryVariable(service, env, String.join(" + ", files));
                ConfigDef def = service.definitions(ServiceKind.rawConfig(env));
                ServiceKind.rawConfig(env).keySet().forEach(key -> assertThat(def.configKeys().get(key))
                        .as("no secret written into Compose files: " + key)
                        .matches(k -> k == null || k.type != ConfigDef.Type.PASSWORD));
            }
        }
    }

    private static void assertReadsEveryVariable(ServiceKind service, Map<String, String> env, String where) {
        Set<String> logVariables = log4jVariables();
        Map<String, String> raw = ServiceKind.rawConfig(env);
        for (String name : env.keySet()) {
            if (name.startsWith(ConfigLoader.ENV_PREFIX) && !logVariables.contains(name)) {
                String key = ConfigLoader.fromEnv(Map.of(name, "")).keySet().iterator().next();
                assertThat(service.reads(key, raw)).as(where + ": " + service + " reads " + name + " (" + key + ")")
                        .isTrue();
            } else if (!name.startsWith(ConfigLoader.ENV_PREFIX)) {
                assertThat(OTHER_VARIABLES).as(where + ": " + service + " sets " + name + ", which nothing reads")
                        .containsKey(name);
            }
        }
        // Every required key is set and every value passes the service's own validation.
        assertThatCode(() -> service.parse(raw)).as(where + ": " + service + " accepts its configuration")
                .doesNotThrowAnyException();
    }

    private static void assertSecretsFromSecrets(ServiceKind service, Map<String, EnvVar> env, String where) {
        Map<String, String> raw = ServiceKind.rawConfig(values(env));
        ConfigDef def = service.definitions(raw);
        env.forEach((name, variable) -> {
            Map<String, String> key = ConfigLoader.fromEnv(Map.of(name, ""));
            for (String k : key.keySet()) {
                ConfigDef.ConfigKey definition = def.configKeys().get(k);
                if (definition != null && definition.type == ConfigDef.Type.PASSWORD) {
                    assertThat(variable.source()).as(where + ": " + service + " " + name + " from a Secret")
                            .isEqualTo(Source.SECRET);
                }
            }
        });
    }

    private static void assertSaslSslWithScram(ServiceKind service, Map<String, EnvVar> env, JsonNode container,
            JsonNode deployment, List<JsonNode> resources) {
        Map<String, String> raw = ServiceKind.rawConfig(values(env));
        assertThat(raw).as(service.toString())
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        // The credentials are those of the service's own KafkaUser, which authenticates with SCRAM-SHA-512.
        String user = "streamtune-" + service.component();
        assertThat(raw.get(SaslConfigs.SASL_JAAS_CONFIG)).isEqualTo("secret:" + user + "/sasl.jaas.config");
        assertThat(KafkaUserAcls.user(user).path("spec").path("authentication").path("type").asText())
                .isEqualTo("scram-sha-512");
        // The truststore is the cluster CA, mounted where the config says.
        String truststore = raw.get(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        JsonNode volume = mountedVolume(deployment, container, truststore);
        assertThat(volume).as(service + " truststore volume").isNotNull();
        String clusterCa = Manifests.ofKind(resources, "Kafka").get(0).path("metadata").path("name").asText()
                + "-cluster-ca-cert";
        assertThat(volume.path("secret").path("secretName").asText()).isEqualTo(clusterCa);
        assertThat(raw.get(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG))
                .isEqualTo("secret:" + clusterCa + "/ca.password");
        // And the bootstrap address is the listener that does SCRAM over TLS.
        JsonNode listener = Manifests.ofKind(resources, "Kafka").get(0)
                .path("spec").path("kafka").path("listeners").get(0);
        assertThat(listener.path("tls").asBoolean()).isTrue();
        assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        assertThat(raw.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)).endsWith(":" + listener.path("port").asInt());
    }

    /**
     * {@code values} with every path into a volume mounted from a Secret replaced by a readable stand-in, once the
     * Secret is shown to hold that file: a service checks at start that the files it is given (keystores, token
     * files) can be read, and they exist only in the pod.
     */
    private Map<String, String> withSecretFilesPresent(Map<String, String> values, JsonNode deployment,
            JsonNode container, ServiceKind service) {
        Map<String, String> result = new LinkedHashMap<>(values);
        values.forEach((name, value) -> {
            JsonNode volume = mountedVolume(deployment, container, value);
            if (volume != null && volume.has("secret")) {
                String file = Path.of(value).getFileName().toString();
                List<String> items = volume.path("secret").path("items").findValuesAsText("path");
                assertThat(items.isEmpty() || items.contains(file))
                        .as(service + " " + name + ": Secret " + volume.path("secret").path("secretName").asText()
                                + " mounts " + file).isTrue();
                result.put(name, secretFileStandIn.toString());
            }
        });
        return result;
    }

    /** The environment variables log4j2.xml reads ({@code ${env:NAME...}}): the log level, not a config key. */
    private static Set<String> log4jVariables() {
        try (var in = ServiceEnvironmentManifestsTest.class.getResourceAsStream("/log4j2.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Set<String> names = new TreeSet<>();
            Matcher matcher = Pattern.compile("\\$\\{env:([A-Z0-9_]+)").matcher(xml);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
