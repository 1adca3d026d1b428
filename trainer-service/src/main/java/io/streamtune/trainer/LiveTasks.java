package io.streamtune.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.model.LabelMap;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import io.streamtune.tasks.TaskCatalog;
import io.streamtune.tasks.TaskCatalogBuilder;
import io.streamtune.tasks.TaskChange;
import io.streamtune.trainer.core.TaskSettings;
import io.streamtune.trainer.core.TrainingDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The tasks as the trainer sees them now: the catalog's snapshot of specs ({@link TaskCatalog#get}) turned into
 * settings, and the changes the catalog heard, queued for the polling thread to apply between shards (the
 * catalog's listener runs on the catalog's thread and must not touch models or producers).
 *
 * <p>The catalog may lag a moment behind ingest: a shard of a task it does not know waits up to
 * {@code unknownTaskWait} for the spec ({@link #awaitKnown}). A task deleted, or waited for in vain once, is not
 * waited for again until the catalog knows it, so a deleted task's shards are dead-lettered at once.
 */
final class LiveTasks implements TaskCatalog.Listener, AutoCloseable {

    private static final long POLL_MS = 100;

    private final Function<String, Optional<TaskSpec>> specs;
    private final TrainingDefaults defaults;
    private final Duration unknownTaskWait;
    private final Queue<TaskChange> changes = new ConcurrentLinkedQueue<>();
    private final Set<String> notWaitedFor = ConcurrentHashMap.newKeySet();
    private volatile TaskCatalog catalog;

    /** @param specs the spec the catalog follows now for a task name ({@code catalog::get}) */
    LiveTasks(Function<String, Optional<TaskSpec>> specs, TrainingDefaults defaults, Duration unknownTaskWait) {
        this.specs = specs;
        this.defaults = defaults;
        this.unknownTaskWait = unknownTaskWait;
    }

    /**
     * Starts following the tasks topic for {@code config}'s trainer: its static tasks pinned, every spec checked
     * against what this trainer can build ({@link TrainingDefaults#problems}), the catalog's meters in
     * {@code meters}.
     */
    static LiveTasks follow(TrainerConfig config, MeterRegistry meters) {
        TrainingDefaults defaults = config.trainingDefaults();
        AtomicReference<TaskCatalog> started = new AtomicReference<>();
        // Looked up on the polling thread only, once the catalog below has started.
        LiveTasks tasks = new LiveTasks(task -> started.get().get(task), defaults, config.unknownTaskWait());
        TaskCatalogBuilder builder = TaskCatalog.builder("trainer", config).pinned(config.pinnedSpecs())
                .check(defaults::problems).meters(meters).listener(tasks);
        if (config.groupInstanceId() != null) {
            builder.instance(config.groupInstanceId());
        }
        started.set(builder.start());
        tasks.catalog = started.get();
        return tasks;
    }

    /** Waits (bounded) until the catalog has read the tasks topic to its end; logs and goes on if it has not. */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        if (catalog != null) {
            catalog.awaitCaughtUpOrWarn(timeout);
        }
    }

    /** Stops following the topic (when started by {@link #follow}). */
    @Override
    public void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    @Override
    public void onChange(TaskChange change) {
        if (change.deleted()) {
            notWaitedFor.add(change.task());
        } else {
            notWaitedFor.remove(change.task());
        }
        changes.add(change);
    }

    /** The changes heard since the last call, in order. */
    List<TaskChange> drainChanges() {
        List<TaskChange> drained = new ArrayList<>();
        for (TaskChange change = changes.poll(); change != null; change = changes.poll()) {
            drained.add(change);
        }
        return drained;
    }

    /**
     * Whether the catalog knows {@code task}, waiting up to the configured time for it unless the task was deleted
     * or already waited for in vain.
     */
    boolean awaitKnown(String task) throws InterruptedException {
        if (specs.apply(task).isPresent()) {
            return true;
        }
        if (notWaitedFor.contains(task)) {
            return false;
        }
        long deadline = System.nanoTime() + unknownTaskWait.toNanos();
        while (System.nanoTime() < deadline && !notWaitedFor.contains(task)) {
            Thread.sleep(Math.min(POLL_MS, Math.max(1, unknownTaskWait.toMillis())));
            if (specs.apply(task).isPresent()) {
                return true;
            }
        }
        notWaitedFor.add(task);
        return false;
    }

    /** The spec the catalog follows now for {@code task}. */
    Optional<TaskSpec> spec(String task) {
        return specs.apply(task);
    }

    /** How a task with {@code spec} is trained ({@link TrainingDefaults#settingsOf}). */
    TaskSettings settingsOf(TaskSpec spec) {
        return defaults.settingsOf(spec);
    }

    /** The labels of a task the catalog knows, else {@code null}. */
    LabelMap labels(String task) {
        return specs.apply(task).map(spec -> new LabelMap(spec.getLabels())).orElse(null);
    }

    /** Whether the catalog knows {@code task} now. */
    boolean knows(String task) {
        return task != null && specs.apply(task).isPresent();
    }

    /** Whether {@code task} is known and ACTIVE: its shards are trained. */
    boolean active(String task) {
        return specs.apply(task).map(spec -> spec.getState() == TaskState.ACTIVE).orElse(false);
    }

    /**
     * How {@code task} is trained now; empty when it is paused or unknown. The catalog checked that its spec builds
     * ({@link TrainingDefaults#problems}).
     */
    Optional<TaskSettings> activeSettings(String task) {
        return specs.apply(task).filter(spec -> spec.getState() == TaskState.ACTIVE).map(defaults::settingsOf);
    }
}
