package io.streamtune.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests parameters of one type backed by a resource (a broker, a registry) that is started on first use in a
 * scope and closed by JUnit when that scope ends.
 *
 * @param <R> the started resource, kept in the scope's store
 */
abstract class ScopedResourceResolver<R extends AutoCloseable> implements ParameterResolver {

    private final Class<?> parameterType;
    private final Class<R> resourceType;

    ScopedResourceResolver(Class<?> parameterType, Class<R> resourceType) {
        this.parameterType = parameterType;
        this.resourceType = resourceType;
    }

    /** The context whose end closes the resource handed out in {@code context}. */
    abstract ExtensionContext scope(ExtensionContext context);

    abstract R start();

    /** The parameter value {@code resource} stands for. */
    abstract Object parameter(R resource);

    @Override
    public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == parameterType;
    }

    @Override
    public final Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = scope(context).getStore(ExtensionContext.Namespace.create(getClass()));
        return parameter(store.getOrComputeIfAbsent(resourceType, key -> start(), resourceType));
    }
}
