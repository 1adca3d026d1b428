package io.streamtune.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Runs its task's registered actions right before Kafka Streams commits the task, so that a processor can write
 * what must commit with the input offsets once per commit instead of once per record. What the actions write to a
 * changelogged store (one without a cache) is sent inside the transaction that the commit then ends.
 *
 * <p>Kafka Streams has no public pre-commit callback. Before every commit of a task — by interval, on request, on
 * revocation and on shutdown — it flushes the caches of the task's stores, and this store, which holds nothing and
 * has no changelog, takes that call as its signal: it implements {@link CachedStateStore}, the interface of
 * Streams' internals that its own caching stores implement. Should a Kafka release stop calling it, open shards
 * would no longer survive a restart, which {@code IngestPipelineIT} and {@code IngestCrashIT} would catch.
 */
final class CommitHook implements StateStore, CachedStateStore<Void, Void> {

    private final String name;
    private final List<Runnable> beforeCommit = new ArrayList<>();
    private boolean open;

    private CommitHook(String name) {
        this.name = name;
    }

    /** Adds a store of this kind, named {@code name}, to a topology. */
    static StoreBuilder<CommitHook> builder(String name) {
        return new Builder(name);
    }

    /** Runs {@code action} before each commit of this store's task, after the actions added before it. */
    void beforeCommit(Runnable action) {
        beforeCommit.add(action);
    }

    /** Called by Kafka Streams before each commit of the task. */
    @Override
    public void flushCache() {
        beforeCommit.forEach(Runnable::run);
    }

    @Override
    public void clearCache() {
        // Nothing cached: a dirty close drops what the processors hold themselves.
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Void, Void> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Stores are initialised again when Streams revives a task; its processors then register again.
        beforeCommit.clear();
        context.register(root, (key, value) -> {
        });
        open = true;
    }

    @Override
    public void close() {
        beforeCommit.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private record Builder(String name) implements StoreBuilder<CommitHook> {

        @Override
        public StoreBuilder<CommitHook> withCachingEnabled() {
            throw new UnsupportedOperationException("a commit hook has nothing to cache");
        }

        @Override
        public StoreBuilder<CommitHook> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("a commit hook has nothing to log");
        }

        @Override
        public StoreBuilder<CommitHook> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommitHook build() {
            return new CommitHook(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }
    }
}
