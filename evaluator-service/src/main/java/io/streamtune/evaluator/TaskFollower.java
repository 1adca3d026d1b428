package io.streamtune.evaluator;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.tasks.TaskCatalog;
import io.streamtune.tasks.TaskCatalogBuilder;
import io.streamtune.tasks.TaskChange;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The evaluator's side of the {@link TaskCatalog}: follows the {@code tasks} topic (refusing specs whose evaluation
 * settings it cannot honour, {@link EvaluationSettings#check}) and hands each change to the service loop, which owns
 * the {@link TaskState}. Changes are heard on the catalog's thread and queued; the loop applies them in order.
 */
final class TaskFollower implements AutoCloseable {


    private final TaskCatalog catalog;
    private final Queue<TaskChange> changes = new ConcurrentLinkedQueue<>();

    TaskFollower(EvaluatorConfig config, EvaluationSettings defaults, MeterRegistry meters) {
        TaskCatalogBuilder builder = TaskCatalog.builder("evaluator", config)
                .check(EvaluationSettings.check(defaults)).meters(meters).listener(changes::add);
        if (config.groupInstanceId() != null) {
            builder.instance(config.groupInstanceId());
        }
        this.catalog = builder.start();
    }

    /**
     * Waits (at most {@code timeout}) until the catalog has read the tasks topic as it was at start, so that a
     * restarted evaluator knows the deleted tasks before it replays their validation data; goes on if it has not.
     */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        catalog.awaitCaughtUpOrWarn(timeout);
    }

    /** Applies the changes heard since the last call to {@code state}, in order; tells {@code deleted} of each. */
    void applyChanges(TaskState state, Consumer<String> deleted) {
        for (TaskChange change = changes.poll(); change != null; change = changes.poll()) {
            state.apply(change);
            if (change.deleted()) {
                deleted.accept(change.task());
            }
        }
    }

    @Override
    public void close() {
        catalog.close();
    }
}
