package io.streamtune.tasks;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskSpecOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure core of {@link TaskCatalog}: applies the records of the tasks topic, in order, to the specs one service
 * follows. A version that fails {@link TaskSpecRules}, the service's {@link TaskSpecCheck} or the change rules is
 * refused and the previous good version stays in force; a tombstone deletes the task; a task pinned by static config
 * ignores the topic. Not thread-safe: the catalog's thread owns it and publishes {@link #view()} snapshots.
 */
final class TaskSpecLedger {

    /** Offset reported for a task from static config. */
    static final long PINNED = -1;

    /**
     * What was decided for one record; {@code change} is present when the followed specs changed.
     *
     * @param task          the record's key
     * @param outcome       applied, rejected or deleted
     * @param reason        why a version was rejected; null otherwise
     * @param appliedOffset offset of the version followed now; -1 if none
     * @param change        the change to tell listeners about, if any
     */
    record Decision(String task, TaskSpecOutcome outcome, String reason, long appliedOffset,
            Optional<TaskChange> change) {
    }

    private record Followed(TaskSpec spec, long offset) {
    }

    private final TaskSpecCheck check;
    private final Map<String, TaskSpec> pinned;
    private final Map<String, Followed> followed = new LinkedHashMap<>();

    TaskSpecLedger(TaskSpecCheck check, Map<String, TaskSpec> pinned) {
        this.check = check;
        this.pinned = Map.copyOf(pinned);
        pinned.forEach((task, spec) -> followed.put(task, new Followed(spec, PINNED)));
    }

    /** Applies a tombstone ({@code spec} null), an undecodable record ({@code undecodable} set) or a spec version. */
    Optional<Decision> apply(String key, long offset, TaskSpec spec, String undecodable) {
        Followed before = followed.get(key);
        long appliedOffset = before == null ? -1 : before.offset();
        if (pinned.containsKey(key)) {
            return Optional.of(rejected(key, "task '" + key + "' is fixed by this service's static configuration "
                    + "(tasks=...); the topic's versions are ignored", appliedOffset));
        }
        if (undecodable != null) {
            return Optional.of(rejected(key, "undecodable spec: " + undecodable, appliedOffset));
        }
        if (spec == null) {
            if (before == null) {
                return Optional.empty();
            }
            followed.remove(key);
            return Optional.of(new Decision(key, TaskSpecOutcome.DELETED, null, -1,
                    Optional.of(new TaskChange(key, before.spec(), null))));
        }
        List<String> problems = problems(key, spec, before);
        if (!problems.isEmpty()) {
            return Optional.of(rejected(key, String.join("; ", problems), appliedOffset));
        }
        followed.put(key, new Followed(spec, offset));
        return Optional.of(new Decision(key, TaskSpecOutcome.APPLIED, null, offset,
                Optional.of(new TaskChange(key, before == null ? null : before.spec(), spec))));
    }

    private List<String> problems(String key, TaskSpec spec, Followed before) {
        List<String> problems = new ArrayList<>();
        if (!key.equals(spec.getName())) {
            problems.add("name '" + spec.getName() + "' differs from the record key '" + key + "'");
        }
        problems.addAll(TaskSpecRules.problems(spec));
        if (problems.isEmpty()) {
            problems.addAll(check.problems(spec));
        }
        if (before != null) {
            problems.addAll(TaskSpecRules.changeProblems(before.spec(), spec));
        }
        return problems;
    }

    /** The specs followed now, by task name, in the order they first appeared; unmodifiable copy. */
    Map<String, TaskSpec> view() {
        Map<String, TaskSpec> view = new LinkedHashMap<>();
        followed.forEach((task, entry) -> view.put(task, entry.spec()));
        return Collections.unmodifiableMap(view);
    }

    private static Decision rejected(String task, String reason, long appliedOffset) {
        return new Decision(task, TaskSpecOutcome.REJECTED, reason, appliedOffset, Optional.empty());
    }
}
