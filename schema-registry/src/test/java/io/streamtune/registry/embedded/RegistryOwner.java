package io.streamtune.registry.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/** A separate JVM that starts a registry, writes its pid to {@code <dir>/registry.pid} and waits to be killed. */
public final class RegistryOwner {

    private RegistryOwner() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedRegistry registry = EmbeddedRegistry.builder(dir.resolve("data")).pipelineCompatibility(false)
                .build().start();
        Path pidFile = dir.resolve("registry.pid");
        Files.writeString(dir.resolve("registry.pid.tmp"), String.valueOf(registry.pid()));
        Files.move(dir.resolve("registry.pid.tmp"), pidFile);
        registry.awaitExit();
    }
}
