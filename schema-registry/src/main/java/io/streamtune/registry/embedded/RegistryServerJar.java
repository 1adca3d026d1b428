package io.streamtune.registry.embedded;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the registry server that the {@code registry-server} module builds. */
public final class RegistryServerJar {

    /** System property naming the server jar; wins over everything else. */
    public static final String PROPERTY = "streamtune.registry.server.jar";
    /** Environment variable naming the server jar. */
    public static final String ENV = "STREAMTUNE_REGISTRY_SERVER_JAR";
    /** Where the build puts it, relative to the project root. */
    public static final Path BUILD_OUTPUT = Path.of("registry-server", "target", "quarkus-app", "quarkus-run.jar");

    private RegistryServerJar() {
    }

    /**
     * The {@code quarkus-run.jar}: from {@value #PROPERTY}, else {@value #ENV}, else {@link #BUILD_OUTPUT} in the
     * working directory or one of its parents (so it is found from the project root and from any module), else
     * next to where this class was loaded from (so {@code ./streamtune} finds it from any working directory).
     *
     * @throws IllegalStateException with what to do when none exists
     */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            return require(Path.of(configured));
        }
        for (Path start : List.of(Path.of("").toAbsolutePath(), codeLocation())) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(BUILD_OUTPUT);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Cannot find the registry server (" + BUILD_OUTPUT + "): build it with "
                + "'mvn -pl registry-server package', or set " + ENV + " to its quarkus-run.jar");
    }

    /** {@code jar} as an absolute path, if it is a file. */
    public static Path require(Path jar) {
        Path absolute = jar.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalStateException("Registry server jar " + absolute + " does not exist: build it with "
                    + "'mvn -pl registry-server package', or point " + ENV + " at its quarkus-run.jar");
        }
        return absolute;
    }

    /** Where this module's classes were loaded from: a jar or a classes directory. */
    static Path codeLocation() {
        try {
            return Path.of(RegistryServerJar.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No usable code source (an unusual class loader): the other places are still searched.
            return Path.of("").toAbsolutePath();
        }
    }
}
