package io.streamtune.testkit;

import io.streamtune.registry.embedded.EmbeddedRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands a test a real embedded schema registry (Apicurio) as an {@link EmbeddedRegistry} parameter, started in a
 * temporary folder and stopped (folder deleted) when the scope that asked for it ends: after the test when a test
 * or {@code @BeforeEach} method takes it, after the class when a {@code @BeforeAll} method does. JUnit runs
 * {@code @AfterEach}/{@code @AfterAll} methods first, so services a test started stop before their registry.
 */
public final class EmbeddedRegistryExtension extends ScopedResourceResolver<EmbeddedRegistryExtension.Running> {

    public EmbeddedRegistryExtension() {
        super(EmbeddedRegistry.class, Running.class);
    }

    @Override
    ExtensionContext scope(ExtensionContext context) {
        return context;
    }

    @Override
    Running start() {
        try {
            Path dir = Files.createTempDirectory("streamtune-it-registry");
            return new Running(EmbeddedRegistry.builder(dir.resolve("registry")).build().start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Object parameter(Running running) {
        return running.registry();
    }

    /** A started registry and its folder; closed by JUnit when its scope ends. */
    record Running(EmbeddedRegistry registry, Path dir) implements AutoCloseable {
        @Override
        public void close() {
            registry.close();
            KafkaBrokerExtension.deleteRecursively(dir);
        }
    }
}
