package io.streamtune.ingest;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.tasks.TaskCatalog;
import io.streamtune.tasks.TaskChange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks whose examples ingest accepts now, as {@link TaskRules}: the pinned tasks of static config plus those
 * the tasks topic holds. The {@link TaskCatalog} tells it every change on the catalog's thread; stream threads look
 * up each record's task here, so a new task is accepted, a changed setting applied and a deleted task refused from
 * the first record processed after the catalog read the change. A PAUSED task is ingested as an ACTIVE one.
 */
public final class LiveTaskRules implements TaskCatalog.Listener {

    private final IngestTaskDefaults defaults;
    /** Replaced whole on each change (copy on write): a stream thread reads one consistent snapshot. */
    private volatile Map<String, TaskRules> rules;
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    /** Starts with {@code initial} (e.g. the pinned tasks), each over {@code defaults}. */
    public LiveTaskRules(IngestTaskDefaults defaults, Map<String, TaskSpec> initial) {
        this.defaults = defaults;
        Map<String, TaskRules> start = new LinkedHashMap<>();
        initial.forEach((task, spec) -> start.put(task, defaults.rules(spec)));
        this.rules = Map.copyOf(start);
    }

    /** The tasks {@code config} pins, over its defaults: where a service starts, before the topic is read. */
    public static LiveTaskRules pinned(IngestConfig config) {
        return new LiveTaskRules(config.taskDefaults(), config.pinnedTasks());
    }

    /** The rules of {@code task} in force now; null when ingest knows no such task. */
    public TaskRules find(String task) {
        return rules.get(task);
    }

    /** The tasks known now. */
    public Set<String> names() {
        return rules.keySet();
    }

    /** Why {@link #find} knows no {@code task}, for a dead letter: deleted, or never created. */
    String whyUnknown(String quotedTask, String task) {
        if (deleted.contains(task)) {
            return "task '" + quotedTask + "' was deleted (a tombstone on the tasks topic); create it again to "
                    + "accept its examples";
        }
        return "task '" + quotedTask + "' is not one of " + rules.keySet().stream().sorted().toList()
                + ": create it on the tasks topic (streamtune task create) or list it in tasks=";
    }

    @Override
    public synchronized void onChange(TaskChange change) {
        Map<String, TaskRules> next = new LinkedHashMap<>(rules);
        if (change.deleted()) {
            next.remove(change.task());
            deleted.add(change.task());
        } else {
            next.put(change.task(), defaults.rules(change.current()));
            deleted.remove(change.task());
        }
        rules = Map.copyOf(next);
    }
}
