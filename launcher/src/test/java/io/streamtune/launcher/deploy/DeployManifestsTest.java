package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.config.ConfigLoader;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.ingest.IngestConfig;
import io.streamtune.launcher.deploy.Manifests.EnvVar;
import io.streamtune.launcher.deploy.Manifests.Source;
import io.streamtune.trainer.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds {@code deploy/} to the code: every manifest parses; every variable a manifest sets is a key the service's
 * typed config reads (its {@code ConfigDef}, through {@link ConfigLoader}'s mapping) and the result passes that
 * config's own validation; secrets come from Secrets; every topic of {@link Topics} is declared with its configs; the
 * ACLs cover what the services provision; images are pinned and run as non-root.
 */
class DeployManifestsTest {

    private static final List<String> OVERLAYS = List.of("overlays/cpu", "overlays/gpu");

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

    @Test
    void shouldParseEveryManifest() {
        List<Path> files = Manifests.yamlFiles();

        assertThat(files).extracting(f -> Manifests.DEPLOY.relativize(f).toString())
                .contains("compose/compose.yaml", "compose/compose.gpu.yaml", "k8s/base/kustomization.yaml",
                        "k8s/overlays/cpu/kustomization.yaml", "k8s/overlays/gpu/kustomization.yaml");
        for (Path file : files) {
            List<JsonNode> docs = Manifests.read(file);
            assertThat(docs).as(file.toString()).isNotEmpty();
            if (file.startsWith(Manifests.DEPLOY.resolve("k8s"))) {
                assertThat(docs).as(file + ": apiVersion, kind and metadata.name on every resource")
                        .allMatch(d -> d.hasNonNull("apiVersion") && d.hasNonNull("kind")
                                && (d.path("kind").asText().equals("Kustomization")
                                        || d.path("metadata").hasNonNull("name")));
            }
        }
    }

    @Test
    void shouldRenderBothOverlaysFromFilesThatExist() {
        for (String overlay : OVERLAYS) {
            Path dir = Manifests.DEPLOY.resolve("k8s").resolve(overlay);
            // Rendering fails when a listed file is missing or a patch targets no resource.
            List<JsonNode> resources = Manifests.kustomize(dir);
            assertThat(Manifests.ofKind(resources, "Deployment")).as(overlay).hasSize(4)
                    .as(overlay + ": a patch that misnames its container would add a second one, without image")
                    .allMatch(d -> d.path("spec").path("template").path("spec").path("containers").size() == 1
                            && d.path("spec").path("template").path("spec").path("containers").get(0)
                                    .hasNonNull("image"));
        }
        try (var files = Files.list(Manifests.K8S_BASE)) {
            Set<String> listed = new TreeSet<>();
            Manifests.read(Manifests.K8S_BASE.resolve("kustomization.yaml")).get(0).path("resources")
                    .forEach(r -> listed.add(r.asText()));
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")))
                    .as("every file in k8s/base is part of the kustomization").allMatch(listed::contains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldDeclareEveryTopicTheCodeUsesWithTheConfigsItExpects() {
        List<JsonNode> topics = Manifests.ofKind(Manifests.kustomize(Manifests.K8S_BASE), "KafkaTopic");
        Map<String, JsonNode> byName = new HashMap<>();
        topics.forEach(t -> byName.put(
                t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText()), t));

        assertThat(byName.keySet())
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
        for (TopicSpec<?> spec : Topics.ALL) {
            JsonNode topic = byName.get(spec.name()).path("spec");
            assertThat(topic.path("partitions").asInt()).as(spec.name() + " partitions").isEqualTo(spec.partitions());
            assertThat(topic.path("replicas").asInt()).as(spec.name() + " replicas").isGreaterThanOrEqualTo(3);
            Map<String, String> declared = new HashMap<>();
            topic.path("config").fields().forEachRemaining(f -> declared.put(f.getKey(), f.getValue().asText()));
            assertThat(declared).as(spec.name() + " configs").containsAllEntriesOf(spec.configs());
        }
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
            Map<String, String> values = new LinkedHashMap<>();
            env.forEach((name, variable) -> values.put(name, variable.value()));

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

    @Test
    void shouldShareCheckpointsBetweenTrainerAndEvaluator() {
        Map<String, JsonNode> compose = Manifests.composeServices("compose.yaml");
        Map<String, String> trainer = ServiceKind.rawConfig(Manifests.composeEnvironment(compose.get("trainer")));
        Map<String, String> evaluator = ServiceKind.rawConfig(Manifests.composeEnvironment(compose.get("evaluator")));
        String dir = trainer.get(TrainerConfig.CHECKPOINT_DIR_CONFIG);
        assertThat(evaluator.get(EvaluatorConfig.CHECKPOINT_DIR_CONFIG)).isEqualTo(dir);
        assertThat(compose.get("trainer").path("volumes").toString()).contains("checkpoints:" + dir);
        assertThat(compose.get("evaluator").path("volumes").toString()).contains("checkpoints:" + dir + ":ro");

        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        for (String name : List.of("streamtune-trainer", "streamtune-evaluator")) {
            JsonNode deployment = Manifests.find(resources, "Deployment", name);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> raw = ServiceKind.rawConfig(values(Manifests.environment(container, resources)));
            String configured = raw.get(TrainerConfig.CHECKPOINT_DIR_CONFIG);
            assertThat(mountedClaim(deployment, container, configured)).as(name).isEqualTo("streamtune-checkpoints");
        }
        JsonNode claim = Manifests.find(resources, "PersistentVolumeClaim", "streamtune-checkpoints");
        assertThat(claim.path("spec").path("accessModes").toString()).contains("ReadWriteMany");
    }

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

    @Test
    void shouldGiveEveryServiceAStableStaticMembershipIdInKubernetesAndCompose() {
        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        Map<String, JsonNode> compose = Manifests.composeServices("compose.yaml");
        Set<String> composeIds = new TreeSet<>();
        for (ServiceKind service : ServiceKind.values()) {
            JsonNode deployment = Manifests.find(resources, "Deployment", "streamtune-" + service.component());
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            // The pod name: the same after a container restart (kill -9, OOM, liveness), unique per replica.
            assertThat(ServiceKind.rawConfig(values(Manifests.environment(container, resources))))
                    .as(service + " in Kubernetes").containsEntry("group.instance.id", "field:metadata.name");
            String id = ServiceKind.rawConfig(Manifests.composeEnvironment(compose.get(service.component())))
                    .get("group.instance.id");
            assertThat(id).as(service + " in Compose").isNotBlank();
            composeIds.add(id);
        }
        assertThat(composeIds).as("one id per service").hasSize(ServiceKind.values().length);
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    @Test
    void shouldGrantEachServiceWhatItProvisionsItsGroupAndItsTransactionalIds() {
        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        for (ServiceKind service : ServiceKind.values()) {
            JsonNode deployment = Manifests.find(resources, "Deployment", "streamtune-" + service.component());
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> raw = ServiceKind.rawConfig(values(Manifests.environment(container, resources)));
            List<AclBinding> acls = KafkaUserAcls.bindings(KafkaUserAcls.user("streamtune-" + service.component()));

            for (TopicSpec<?> topic : service.provisionedTopics()) {
                for (AclOperation operation : List.of(AclOperation.DESCRIBE, AclOperation.ALTER_CONFIGS)) {
                    assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, topic.name(), operation))
                            .as(service + " re-applies the configs of " + topic.name() + ": needs " + operation)
                            .isTrue();
                }
                assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, topic.name(), AclOperation.CREATE))
                        .as(service + " must not create " + topic.name() + ": the topic operator owns it").isFalse();
            }
            String group = switch (service) {
                case INGEST -> setting(service, raw, IngestConfig.APPLICATION_ID_CONFIG);
                case TRAINER -> setting(service, raw, TrainerConfig.GROUP_ID_CONFIG);
                case EVALUATOR -> setting(service, raw, EvaluatorConfig.GROUP_ID_CONFIG);
            };
            String transactionalId = switch (service) {
                case INGEST -> group + "-" + UUID.randomUUID() + "-1";
                case TRAINER -> setting(service, raw, TrainerConfig.TRANSACTIONAL_ID_PREFIX_CONFIG) + "-spam";
                case EVALUATOR -> setting(service, raw, EvaluatorConfig.TRANSACTIONAL_ID_CONFIG);
            };
            assertThat(KafkaUserAcls.allows(acls, ResourceType.GROUP, group, AclOperation.READ))
                    .as(service + " group " + group).isTrue();
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TRANSACTIONAL_ID, transactionalId, AclOperation.WRITE))
                    .as(service + " transactional id " + transactionalId).isTrue();
            assertThat(acls).as(service + ": nothing on the whole cluster or every topic")
                    .noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER
                            || b.pattern().name().equals("*"));
        }
    }

    @Test
    void shouldRunTheKafkaAndRegistryVersionsTheCodeIsBuiltWith() {
        String kafka = System.getProperty("streamtune.kafka.version");
        String apicurio = System.getProperty("streamtune.apicurio.version");
        Map<String, JsonNode> compose = Manifests.composeServices("compose.yaml");
        assertThat(compose.get("kafka").path("image").asText()).isEqualTo("apache/kafka:" + kafka);
        assertThat(compose.get("registry").path("image").asText()).endsWith(":" + apicurio);
        // kafka-storage format refuses a cluster id that is not 16 bytes in base64url.
        assertThatCode(() -> Uuid.fromString(compose.get("kafka").path("environment").path("CLUSTER_ID").asText()))
                .doesNotThrowAnyException();

        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        JsonNode cluster = Manifests.ofKind(resources, "Kafka").get(0);
        assertThat(cluster.path("spec").path("kafka").path("version").asText()).isEqualTo(kafka);
        JsonNode registry = Manifests.find(resources, "Deployment", "streamtune-registry");
        assertThat(registry.toString()).contains("apicurio-registry-mem:" + apicurio);
        // The brokers accept the largest record the pipeline writes: a shard's dead letter.
        long maxShardDeadLetter = Long.parseLong(Topics.SHARDS_DLQ.configs().get("max.message.bytes"));
        assertThat(cluster.path("spec").path("kafka").path("config").path("message.max.bytes").asLong())
                .isGreaterThanOrEqualTo(maxShardDeadLetter);
        assertThat(Long.parseLong(compose.get("kafka").path("environment").path("KAFKA_MESSAGE_MAX_BYTES").asText()))
                .isGreaterThanOrEqualTo(maxShardDeadLetter);
    }

    @Test
    void shouldGiveTheTrainerAGpuOnlyInTheGpuVariants() {
        JsonNode gpu = trainerContainer("overlays/gpu");
        JsonNode cpu = trainerContainer("overlays/cpu");
        assertThat(gpu.path("resources").path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(1);
        assertThat(gpu.path("image").asText()).endsWith("-cu128");
        assertThat(cpu.path("resources").toString()).doesNotContain("nvidia.com/gpu");
        assertThat(cpu.path("image").asText()).endsWith("-cpu");

        JsonNode composeGpu = Manifests.composeServices("compose.yaml", "compose.gpu.yaml").get("trainer");
        JsonNode device = composeGpu.path("deploy").path("resources").path("reservations").path("devices").get(0);
        assertThat(device.path("driver").asText()).isEqualTo("nvidia");
        assertThat(device.path("capabilities").toString()).contains("gpu");
        assertThat(composeGpu.path("build").path("dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile.cuda");
        assertThat(Manifests.composeServices("compose.yaml").get("trainer").has("deploy")).isFalse();
    }

    @Test
    void shouldPinEveryBaseImageAndRunAsNonRoot() throws IOException {
        Pattern from = Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?",
                Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
        Pattern pinned = Pattern.compile("[^:/]+(/[^:]+)*:\\d+(\\.\\d+)+[^:]*");
        for (String name : List.of("Dockerfile", "Dockerfile.cuda")) {
            String dockerfile = Files.readString(Manifests.DEPLOY.resolve("docker").resolve(name));
            Set<String> stages = new TreeSet<>();
            Matcher matcher = from.matcher(dockerfile);
            int count = 0;
            while (matcher.find()) {
                count++;
                String image = matcher.group(1);
                if (!stages.contains(image)) {
                    assertThat(image).as(name + ": base image pinned to a version").matches(pinned)
                            .doesNotContain(":latest");
                }
                if (matcher.group(2) != null) {
                    stages.add(matcher.group(2));
                }
            }
            assertThat(count).as(name).isPositive();
            for (String stage : stageBodies(dockerfile)) {
                if (stage.contains("ENTRYPOINT")) {
                    assertThat(lastUser(dockerfile, stage)).as(name + ": runs as a numeric non-root user")
                            .matches("[1-9]\\d*(:\\d+)?");
                }
            }
            assertThat(dockerfile).contains("launcher/target/lib/", "launcher/target/streamtune-launcher.jar");
        }
    }

    @Test
    void shouldStartEachServiceImageWithItsMainClass() throws IOException {
        String dockerfile = Files.readString(Manifests.DEPLOY.resolve("docker/Dockerfile"));
        String cuda = Files.readString(Manifests.DEPLOY.resolve("docker/Dockerfile.cuda"));
        for (ServiceKind service : ServiceKind.values()) {
            String stage = stageBodies(dockerfile).stream()
                    .filter(s -> s.matches("(?s)FROM\\s+\\S+\\s+AS\\s+" + service.component() + "\\b.*"))
                    .findFirst().orElseThrow(() -> new AssertionError("no stage " + service.component()));
            assertThat(stage).contains("\"" + service.mainClass().getName() + "\"");
            JsonNode compose = Manifests.composeServices("compose.yaml").get(service.component());
            assertThat(compose.path("build").path("target").asText()).isEqualTo(service.component());
        }
        assertThat(cuda).contains("\"" + ServiceKind.TRAINER.mainClass().getName() + "\"", "PYTORCH_LIBRARY_PATH",
                "PYTORCH_FLAVOR=cu128", "PYTORCH_VERSION=2.7.1");
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

    private static String setting(ServiceKind service, Map<String, String> raw, String key) {
        Object value = raw.containsKey(key) ? raw.get(key)
                : service.definitions(raw).configKeys().get(key).defaultValue;
        return String.valueOf(value);
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

    private static Map<String, String> values(Map<String, EnvVar> env) {
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach((name, variable) -> values.put(name, variable.value()));
        return values;
    }

    /** The volume mounted at the longest mount path that contains {@code file}, or {@code null}. */
    private static JsonNode mountedVolume(JsonNode deployment, JsonNode container, String file) {
        String volumeName = null;
        int longest = -1;
        for (JsonNode mount : container.path("volumeMounts")) {
            String path = mount.path("mountPath").asText();
            if ((file.equals(path) || file.startsWith(path + "/")) && path.length() > longest) {
                longest = path.length();
                volumeName = mount.path("name").asText();
            }
        }
        for (JsonNode volume : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (volume.path("name").asText().equals(volumeName)) {
                return volume;
            }
        }
        return null;
    }

    private static String mountedClaim(JsonNode deployment, JsonNode container, String dir) {
        JsonNode volume = mountedVolume(deployment, container, dir);
        return volume == null ? null : volume.path("persistentVolumeClaim").path("claimName").asText(null);
    }

    private static JsonNode trainerContainer(String overlay) {
        List<JsonNode> resources = Manifests.kustomize(Manifests.DEPLOY.resolve("k8s").resolve(overlay));
        return Manifests.container(Manifests.find(resources, "Deployment", "streamtune-trainer"), "trainer");
    }

    /** The environment variables log4j2.xml reads ({@code ${env:NAME...}}): the log level, not a config key. */
    private static Set<String> log4jVariables() {
        try (var in = DeployManifestsTest.class.getResourceAsStream("/log4j2.xml")) {
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

    /** Each build stage of a Dockerfile, from its FROM line to the next. */
    private static List<String> stageBodies(String dockerfile) {
        List<String> stages = new ArrayList<>();
        for (String part : dockerfile.split("(?m)^(?=FROM\\s)")) {
            if (part.startsWith("FROM")) {
                stages.add(part);
            }
        }
        return stages;
    }

    /** The user a stage runs as: its own last USER, else that of the stage it builds on. */
    private static String lastUser(String dockerfile, String stage) {
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(stage);
        String found = null;
        while (user.find()) {
            found = user.group(1);
        }
        if (found != null) {
            return found;
        }
        String parent = stage.substring(4).strip().split("\\s+")[0];
        return stageBodies(dockerfile).stream().filter(s -> s.matches("(?s)FROM\\s+\\S+\\s+AS\\s+" + parent + "\\b.*"))
                .findFirst().map(s -> lastUser(dockerfile, s)).orElse("root");
    }
}
