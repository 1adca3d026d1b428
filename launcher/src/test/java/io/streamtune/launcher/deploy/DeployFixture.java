package io.streamtune.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.launcher.deploy.Manifests.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers the deploy manifest tests share: variable values, effective settings, mounted volumes and the PodMonitors
 * that scrape a pod.
 */
final class DeployFixture {

    private DeployFixture() {
    }

    static String setting(ServiceKind service, Map<String, String> raw, String key) {
        Object value = raw.containsKey(key) ? raw.get(key)
                : service.definitions(raw).configKeys().get(key).defaultValue;
        return String.valueOf(value);
    }

    static Map<String, String> values(Map<String, EnvVar> env) {
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach((name, variable) -> values.put(name, variable.value()));
        return values;
    }

    /** The volume mounted at the longest mount path that contains {@code file}, or {@code null}. */
    static JsonNode mountedVolume(JsonNode deployment, JsonNode container, String file) {
        JsonNode mount = mount(container, file);
        String volumeName = mount == null ? null : mount.path("name").asText();
        for (JsonNode volume : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (volume.path("name").asText().equals(volumeName)) {
                return volume;
            }
        }
        return null;
    }

    /** The container's volume mount that {@code file} lies in (the longest mount path that contains it), or null. */
    static JsonNode mount(JsonNode container, String file) {
        JsonNode found = null;
        int longest = -1;
        for (JsonNode mount : container.path("volumeMounts")) {
            String path = mount.path("mountPath").asText();
            if ((file.equals(path) || file.startsWith(path + "/")) && path.length() > longest) {
                longest = path.length();
                found = mount;
            }
        }
        return found;
    }

    static String mountedClaim(JsonNode deployment, JsonNode container, String dir) {
        JsonNode volume = mountedVolume(deployment, container, dir);
        return volume == null ? null : volume.path("persistentVolumeClaim").path("claimName").asText(null);
    }

    /**
     * The PodMonitor endpoints that scrape {@code container}'s pods: of a PodMonitor whose selector matches the pod's
     * labels, each endpoint whose port names one of the container's ports (Prometheus keeps no other target).
     */
    static List<JsonNode> scrapingEndpoints(List<JsonNode> resources, JsonNode deployment, JsonNode container) {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        List<JsonNode> endpoints = new ArrayList<>();
        for (JsonNode monitor : Manifests.ofKind(resources, "PodMonitor")) {
            if (selects(monitor, podLabels)) {
                for (JsonNode endpoint : monitor.path("spec").path("podMetricsEndpoints")) {
                    if (containerPort(container, endpoint.path("port").asText()) != null) {
                        endpoints.add(endpoint);
                    }
                }
            }
        }
        return endpoints;
    }

    /** The PodMonitor that scrapes {@code deployment}'s pods; fails unless exactly one does. */
    static JsonNode scrapingMonitor(List<JsonNode> resources, JsonNode deployment, JsonNode container) {
        List<JsonNode> monitors = Manifests.ofKind(resources, "PodMonitor").stream()
                .filter(m -> !scrapingEndpoints(List.of(m), deployment, container).isEmpty()).toList();
        if (monitors.size() != 1) {
            throw new AssertionError(monitors.size() + " PodMonitors scrape "
                    + deployment.path("metadata").path("name").asText() + ", not one");
        }
        return monitors.get(0);
    }

    /** The container's port named {@code name}, or {@code null}. */
    static JsonNode containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port;
            }
        }
        return null;
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
