package io.streamtune.launcher.deploy;

import static io.streamtune.launcher.deploy.DeployFixture.mount;
import static io.streamtune.launcher.deploy.DeployFixture.mountedClaim;
import static io.streamtune.launcher.deploy.DeployFixture.mountedVolume;
import static io.streamtune.launcher.deploy.DeployFixture.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.trainer.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code deploy/} to the code: every manifest parses; both overlays render from files that exist; every topic
 * of {@link Topics} is declared with its configs; the Kafka and registry versions are those the code is built with;
 * trainer and evaluator share the checkpoints; each service has a stable static membership id. The environment, the
 * health and metrics endpoints, the ACLs and the images are held in {@link ServiceEnvironmentManifestsTest},
 * {@link HealthAndMetricsManifestsTest}, {@link KafkaAclManifestsTest} and {@link ContainerImagesTest}.
 */
class DeployManifestsTest {

    private static final List<String> OVERLAYS = List.of("overlays/cpu", "overlays/gpu");
    /** The services that read checkpoints and never write one. */
    private static final List<String> READERS = List.of("evaluator", "serve");

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
            assertThat(Manifests.ofKind(resources, "Deployment")).as(overlay).hasSize(5)
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

    @Test
    void shouldShareCheckpointsWrittenByTheTrainerReadOnlyWithEvaluatorAndServe() {
        Map<String, JsonNode> compose = Manifests.composeServices("compose.yaml");
        Map<String, String> trainer = ServiceKind.rawConfig(Manifests.composeEnvironment(compose.get("trainer")));
        String dir = trainer.get(TrainerConfig.CHECKPOINT_DIR_CONFIG);
        assertThat(compose.get("trainer").path("volumes").toString()).contains("checkpoints:" + dir + "\"");
        for (String reader : READERS) {
            Map<String, String> raw = ServiceKind.rawConfig(Manifests.composeEnvironment(compose.get(reader)));
            assertThat(raw.get(EvaluatorConfig.CHECKPOINT_DIR_CONFIG)).as(reader).isEqualTo(dir);
            assertThat(compose.get(reader).path("volumes").toString()).as(reader)
                    .contains("checkpoints:" + dir + ":ro");
        }

        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        for (String name : List.of("trainer", "evaluator", "serve")) {
            JsonNode deployment = Manifests.find(resources, "Deployment", "streamtune-" + name);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> raw = ServiceKind.rawConfig(values(Manifests.environment(container, resources)));
            String configured = raw.get(TrainerConfig.CHECKPOINT_DIR_CONFIG);
            assertThat(mountedClaim(deployment, container, configured)).as(name).isEqualTo("streamtune-checkpoints");
            boolean readOnly = mountedVolume(deployment, container, configured).path("persistentVolumeClaim")
                    .path("readOnly").asBoolean() && mount(container, configured).path("readOnly").asBoolean();
            assertThat(readOnly).as(name + " mounts the checkpoints read-only").isEqualTo(READERS.contains(name));
        }
        JsonNode claim = Manifests.find(resources, "PersistentVolumeClaim", "streamtune-checkpoints");
        assertThat(claim.path("spec").path("accessModes").toString()).contains("ReadWriteMany");
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
            String key = service.endpoints().groupInstanceIdKey();
            assertThat(ServiceKind.rawConfig(values(Manifests.environment(container, resources))))
                    .as(service + " in Kubernetes").containsEntry(key, "field:metadata.name");
            String id = ServiceKind.rawConfig(Manifests.composeEnvironment(compose.get(service.component()))).get(key);
            assertThat(id).as(service + " in Compose").isNotBlank();
            composeIds.add(id);
        }
        assertThat(composeIds).as("one id per service").hasSize(ServiceKind.values().length);
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
    void shouldPublishEveryComposePortOnLoopbackOnly() {
        Map<String, JsonNode> compose = Manifests.composeServices("compose.yaml");

        assertThat(compose.get("serve").path("ports")).as("serve publishes its HTTP port").isNotEmpty();
        compose.forEach((name, service) -> service.path("ports").forEach(port -> assertThat(port.asText())
                .as(name + ": reachable from this host only, never from the network").startsWith("127.0.0.1:")));
    }
}
