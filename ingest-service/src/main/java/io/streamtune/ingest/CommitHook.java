package io.streamtune.ingest;

import io.streamtune.ingest.internals.PreCommitStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Runs its task's registered actions right before Kafka Streams commits the task, so that a processor can write
 * what must commit with the input offsets once per commit instead of once per record. What the actions write to a
 * changelogged store (one without a cache) is sent inside the transaction that the commit then ends.
 *
 * <p>It also holds its task's {@link AbortedTransactionGuard}, checked before the actions: a task whose output was
 * aborted under it must not commit.
 *
 * <p>The store holds nothing and has no changelog; how Kafka Streams comes to call it is {@link PreCommitStore}'s
 * business.
 */
final class CommitHook implements PreCommitStore {

    private final String name;
    private final List<Runnable> beforeCommit = new ArrayList<>();
    private AbortedTransactionGuard guard;
    private boolean open;

    private CommitHook(String name) {
        this.name = name;
    }

    /** Adds a store of this kind, named {@code name}, to a topology. */
    static StoreBuilder<CommitHook> builder(String name) {
        return new FixedStoreBuilder<>(name, null, () -> new CommitHook(name));
    }

    /** Runs {@code action} before each commit of this store's task, after the actions added before it. */
    void beforeCommit(Runnable action) {
        beforeCommit.add(action);
    }

    /**
     * This task's guard, started by the first processor that asks after the task was (re)initialised: processors
     * are initialised after the task's stores are restored, so an abort during the restore does not count.
     */
    AbortedTransactionGuard guard(ProcessorContext<?, ?> context, Runnable onTrip) {
        if (guard == null) {
            guard = AbortedTransactionGuard.start(context, onTrip);
        }
        return guard;
    }

    @Override
    public void beforeCommit() {
        if (guard != null) {
            guard.check();
        }
        beforeCommit.forEach(Runnable::run);
    }

    @Override
    public void clearCache() {
        // Nothing cached: a dirty close drops what the processors hold themselves.
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Stores are initialised again when Streams revives a task; its processors then register again.
        beforeCommit.clear();
        guard = null;
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
}
