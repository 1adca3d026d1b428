package io.streamtune.ingest;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Adds one of this service's own stores to a topology. Such a store decides itself whether it has a changelog and
 * with which topic settings, and has no cache layer; a request to change either is refused rather than ignored.
 */
final class FixedStoreBuilder<T extends StateStore> implements StoreBuilder<T> {

    private final String name;
    private final Map<String, String> changelogConfig;
    private final Supplier<T> factory;

    /**
     * @param changelogConfig settings of the store's changelog topic, or {@code null} for a store without one
     * @param factory         a new store named {@code name}
     */
    FixedStoreBuilder(String name, Map<String, String> changelogConfig, Supplier<T> factory) {
        this.name = name;
        this.changelogConfig = changelogConfig;
        this.factory = factory;
    }

    @Override
    public StoreBuilder<T> withCachingEnabled() {
        throw new UnsupportedOperationException("store " + name + " has no cache layer");
    }

    @Override
    public StoreBuilder<T> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
        throw new UnsupportedOperationException("store " + name + " decides its changelog itself");
    }

    @Override
    public StoreBuilder<T> withLoggingDisabled() {
        if (changelogConfig != null) {
            throw new UnsupportedOperationException("store " + name + " needs its changelog");
        }
        return this;
    }

    @Override
    public T build() {
        return factory.get();
    }

    @Override
    public Map<String, String> logConfig() {
        return changelogConfig == null ? Map.of() : changelogConfig;
    }

    @Override
    public boolean loggingEnabled() {
        return changelogConfig != null;
    }

    @Override
    public String name() {
        return name;
    }
}
