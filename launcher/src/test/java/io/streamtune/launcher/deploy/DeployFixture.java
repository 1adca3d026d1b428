package io.streamtune.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.launcher.deploy.Manifests.EnvVar;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers the deploy manifest tests share: variable values, effective settings and mounted volumes. */
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

    static String mountedClaim(JsonNode deployment, JsonNode container, String dir) {
        JsonNode volume = mountedVolume(deployment, container, dir);
        return volume == null ? null : volume.path("persistentVolumeClaim").path("claimName").asText(null);
    }
}
