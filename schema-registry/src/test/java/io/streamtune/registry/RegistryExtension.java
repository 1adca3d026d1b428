package io.streamtune.registry;

import io.streamtune.registry.embedded.EmbeddedRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Hands integration tests one real embedded registry (Apicurio) for the whole run, as an {@link EmbeddedRegistry}. */
final class RegistryExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("registry", key -> start(), Running.class).registry();
    }

    private static Running start() {
        try {
            return new Running(EmbeddedRegistry.builder(Files.createTempDirectory("streamtune-it-registry")).build()
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closed by JUnit when the run ends. */
    private record Running(EmbeddedRegistry registry) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            registry.close();
        }
    }
}
