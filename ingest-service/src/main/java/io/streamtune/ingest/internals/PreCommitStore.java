package io.streamtune.ingest.internals;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store of this service that Kafka Streams calls right before each commit of its task — by interval, on request,
 * on revocation and on shutdown — so that what it then writes to a changelog commits with the input offsets.
 *
 * <p>Kafka Streams has no public pre-commit callback. Before each commit it flushes the caches of the task's stores
 * through {@link CachedStateStore#flushCache}, an interface of its internals that its own caching stores implement;
 * this is the one place that relies on it. Should a Kafka release stop calling it, {@code IngestDedupTest},
 * {@code IngestShardTest} and the integration tests (restart and crash) fail.
 */
public interface PreCommitStore extends StateStore, CachedStateStore<Void, Void> {

    /** Runs right before each commit of the store's task. */
    void beforeCommit();

    @Override
    default void flushCache() {
        beforeCommit();
    }

    @Override
    default boolean setFlushListener(CacheFlushListener<Void, Void> listener, boolean sendOldValues) {
        return false;
    }
}
