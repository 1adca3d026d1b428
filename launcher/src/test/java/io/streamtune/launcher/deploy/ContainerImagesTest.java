package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images: base images pinned, non-root users, each service's stage started with its main class, and a GPU for the
 * trainer only in the GPU variants.
 */
class ContainerImagesTest {

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

    @Test
    void shouldPreloadWhatItCopiesAndInstallsForLibtorch() throws IOException {
        String dockerfile = Files.readString(Manifests.DEPLOY.resolve("docker/Dockerfile"));
        String ignore = Files.readString(Manifests.DEPLOY.resolve("docker/Dockerfile.dockerignore"));
        Matcher preload = Pattern.compile("LD_PRELOAD=\"([^\"]+)\"").matcher(dockerfile);
        assertThat(preload.find()).as("the runtime stage sets LD_PRELOAD").isTrue();
        List<String> libraries = List.of(preload.group(1).split(" "));
        assertThat(libraries).hasSize(2);
        String dispatch = libraries.get(0);
        assertThat(dispatch).endsWith("/libstreamtune-mkl-dispatch.so");
        assertThat(dockerfile).contains("COPY --chown=0:0 model/target/libstreamtune-mkl-dispatch.so "
                + dispatch.substring(0, dispatch.lastIndexOf('/') + 1));
        assertThat(ignore).contains("!model/target/libstreamtune-mkl-dispatch.so");
        assertThat(libraries.get(1)).endsWith("/libtcmalloc_minimal.so.4");
        assertThat(dockerfile).contains("apt-get install -y --no-install-recommends libtcmalloc-minimal4");
    }

    private static JsonNode trainerContainer(String overlay) {
        List<JsonNode> resources = Manifests.kustomize(Manifests.DEPLOY.resolve("k8s").resolve(overlay));
        return Manifests.container(Manifests.find(resources, "Deployment", "streamtune-trainer"), "trainer");
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
