package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link Manifests#kustomize}, the overlay rendering {@link DeployManifestsTest} relies on, against kustomize
 * itself ({@code kubectl kustomize}), where kubectl is installed; skipped (and said so) where it is not.
 */
class KustomizeRenderingTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void shouldRenderTheOverlaysAsKustomizeDoes(String overlay) throws Exception {
        Path rendered = dir.resolve("rendered.yaml");
        assumeTrue(kubectlKustomize(Manifests.DEPLOY.resolve("k8s").resolve(overlay), rendered),
                "kubectl is not installed: the overlays were only rendered by Manifests.kustomize");

        List<JsonNode> expected = Manifests.read(rendered);
        List<JsonNode> ours = Manifests.kustomize(Manifests.DEPLOY.resolve("k8s").resolve(overlay));
        assertThat(ours).hasSameSizeAs(expected);
        for (JsonNode deployment : Manifests.ofKind(expected, "Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode mine = Manifests.find(ours, "Deployment", name);
            JsonNode theirs = deployment.path("spec").path("template").path("spec");
            JsonNode ourSpec = mine.path("spec").path("template").path("spec");
            assertThat(ourSpec.path("tolerations")).as(name).isEqualTo(theirs.path("tolerations"));
            for (JsonNode container : theirs.path("containers")) {
                JsonNode ourContainer = Manifests.container(mine, container.path("name").asText());
                assertThat(ourContainer.path("image")).as(name).isEqualTo(container.path("image"));
                assertThat(ourContainer.path("resources")).as(name).isEqualTo(container.path("resources"));
                assertThat(Manifests.environment(ourContainer, ours)).as(name)
                        .isEqualTo(Manifests.environment(container, expected));
            }
        }
    }

    /** Renders with kubectl; false when kubectl cannot be run at all. */
    private static boolean kubectlKustomize(Path kustomization, Path output) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectOutput(output.toFile()).redirectErrorStream(false).start();
        } catch (IOException notInstalled) {
            return false;
        }
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize " + kustomization + ": " + errors).isZero();
        return Files.size(output) > 0;
    }
}
