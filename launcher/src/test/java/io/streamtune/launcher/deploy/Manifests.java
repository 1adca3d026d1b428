package io.streamtune.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Reads the deployment manifests under {@code deploy/}: YAML documents, Kubernetes resources with their kustomize
 * overlays applied the way the manifests use them (strategic-merge patches of Deployments), Compose services with
 * their env files, and what each container ends up with in its environment.
 */
final class Manifests {

    /** Where {@code deploy/} is: set by the launcher's POM for Surefire and Failsafe. */
    static final Path DEPLOY = Path.of(Objects.requireNonNull(System.getProperty("streamtune.deploy.dir"),
            "system property streamtune.deploy.dir")).toAbsolutePath().normalize();
    static final Path K8S_BASE = DEPLOY.resolve("k8s/base");
    static final Path COMPOSE = DEPLOY.resolve("compose");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Lists that a strategic-merge patch merges by their items' {@code name} (Kubernetes' patch merge key). */
    private static final Set<String> MERGED_BY_NAME = Set.of("containers", "env", "volumes", "volumeMounts", "ports");

    private Manifests() {
    }

    /** Every YAML file under {@code deploy/}. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a YAML file (empty documents, such as a leading comment block, are skipped). */
    static List<JsonNode> read(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> result = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    /** The resources a kustomization lists, recursively through bases, in order. */
    static List<JsonNode> kustomize(Path dir) {
        JsonNode kustomization = read(dir.resolve("kustomization.yaml")).get(0);
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            resources.addAll(Files.isDirectory(path) ? kustomize(path) : read(path));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            for (JsonNode doc : read(dir.resolve(patch.path("path").asText()))) {
                JsonNode target = find(resources, doc.path("kind").asText(),
                        doc.path("metadata").path("name").asText());
                if (target == null) {
                    throw new IllegalStateException("Patch " + patch + " in " + dir + " targets no resource");
                }
                resources.set(resources.indexOf(target), patchDeployment(target, doc));
            }
        }
        return resources;
    }

    static JsonNode find(List<JsonNode> resources, String kind, String name) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)
                && r.path("metadata").path("name").asText().equals(name)).findFirst().orElse(null);
    }

    static List<JsonNode> ofKind(List<JsonNode> resources, String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    /**
     * A strategic-merge patch of a Deployment, as far as the overlays use it: maps merge key by key, the lists
     * {@code containers} and {@code env} merge by {@code name}, any other list is replaced.
     */
    private static JsonNode patchDeployment(JsonNode original, JsonNode patch) {
        ObjectNode result = original.deepCopy();
        merge(result, patch);
        return result;
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing instanceof ObjectNode object && value.isObject()) {
                merge(object, value);
            } else if (existing instanceof ArrayNode list && MERGED_BY_NAME.contains(field.getKey())) {
                for (JsonNode item : value) {
                    JsonNode match = null;
                    for (JsonNode candidate : list) {
                        if (candidate.path("name").equals(item.path("name"))) {
                            match = candidate;
                        }
                    }
                    if (match instanceof ObjectNode object) {
                        merge(object, item);
                    } else {
                        list.add(item.deepCopy());
                    }
                }
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }

    /** A Deployment's container by name, or {@code null}. */
    static JsonNode container(JsonNode deployment, String name) {
        for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        return null;
    }

    /** How a variable of a Kubernetes container gets its value. */
    enum Source { LITERAL, CONFIG_MAP, SECRET, FIELD }

    /** One environment variable of a container and where its value comes from. */
    record EnvVar(String name, String value, Source source) {
    }

    /** A Kubernetes container's environment: its ConfigMaps (envFrom) first, then its own env, which wins. */
    static Map<String, EnvVar> environment(JsonNode container, List<JsonNode> resources) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText(null);
            if (name == null) {
                throw new IllegalStateException("envFrom other than a ConfigMap: " + from);
            }
            JsonNode configMap = find(resources, "ConfigMap", name);
            if (configMap == null) {
                throw new IllegalStateException("envFrom names ConfigMap " + name + ", which is not declared");
            }
            configMap.path("data").fields().forEachRemaining(field ->
                    env.put(field.getKey(), new EnvVar(field.getKey(), field.getValue().asText(), Source.CONFIG_MAP)));
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            JsonNode valueFrom = variable.path("valueFrom");
            if (valueFrom.has("secretKeyRef")) {
                JsonNode ref = valueFrom.path("secretKeyRef");
                env.put(name, new EnvVar(name, "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText(),
                        Source.SECRET));
            } else if (valueFrom.has("fieldRef")) {
                env.put(name, new EnvVar(name, "field:" + valueFrom.path("fieldRef").path("fieldPath").asText(),
                        Source.FIELD));
            } else {
                env.put(name, new EnvVar(name, variable.path("value").asText(), Source.LITERAL));
            }
        }
        return env;
    }

    /** The Compose services of {@code files} (later files override earlier ones, as {@code -f a -f b} does). */
    static Map<String, JsonNode> composeServices(String... files) {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        for (String file : files) {
            read(COMPOSE.resolve(file)).get(0).path("services").fields().forEachRemaining(field -> {
                JsonNode base = services.get(field.getKey());
                services.put(field.getKey(), base == null ? field.getValue() : mergeCompose(base, field.getValue()));
            });
        }
        return services;
    }

    private static JsonNode mergeCompose(JsonNode base, JsonNode override) {
        var result = (ObjectNode) base.deepCopy();
        override.fields().forEachRemaining(field -> {
            if (field.getKey().equals("environment") && result.has("environment")) {
                ((ObjectNode) result.get("environment"))
                        .setAll((ObjectNode) field.getValue());
            } else {
                result.set(field.getKey(), field.getValue());
            }
        });
        return result;
    }

    /** A Compose service's environment: its env files in order, then {@code environment}, which wins. */
    static Map<String, String> composeEnvironment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envFiles = service.path("env_file");
        List<String> files = new ArrayList<>();
        if (envFiles.isTextual()) {
            files.add(envFiles.asText());
        } else {
            envFiles.forEach(f -> files.add(f.asText()));
        }
        for (String file : files) {
            env.putAll(readEnvFile(COMPOSE.resolve(file)));
        }
        service.path("environment").fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        return env;
    }

    private static Map<String, String> readEnvFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals < 1) {
                    throw new IllegalStateException(file + ": not NAME=value: " + line);
                }
                env.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }

    /** The topics as the KafkaTopic manifests of {@code k8s/base} declare them, with one replica for one broker. */
    static List<NewTopic> declaredTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (JsonNode topic : ofKind(kustomize(K8S_BASE), "KafkaTopic")) {
            Map<String, String> configs = new HashMap<>();
            topic.path("spec").path("config").fields()
                    .forEachRemaining(f -> configs.put(f.getKey(), f.getValue().asText()));
            topics.add(new NewTopic(topic.path("spec").path("topicName").asText(),
                    topic.path("spec").path("partitions").asInt(), (short) 1).configs(configs));
        }
        return topics;
    }
}
