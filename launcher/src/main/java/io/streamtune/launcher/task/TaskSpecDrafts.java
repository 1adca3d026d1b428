package io.streamtune.launcher.task;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import io.streamtune.tasks.TaskSpecs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Builds the next version of a task's spec from {@link TaskEdits}: a new task ({@link #create}), the current spec with
 * some settings changed ({@link #update}), or with another state. Pure; checks nothing but what the edits could not
 * set ({@link TaskSpecChecks} judges the result).
 */
public final class TaskSpecDrafts {

    private TaskSpecDrafts() {
    }

    /**
     * A new ACTIVE task named {@code name} with the edited settings (labels required), every other at the services'
     * defaults.
     *
     * @throws TaskRefusedException listing every setting that could not be read
     */
    @SuppressWarnings("unchecked")
    public static TaskSpec create(String name, TaskEdits edits, Instant now, String user) {
        List<String> problems = new ArrayList<>(edits.problems());
        Object labels = edits.values().get("labels");
        if (labels == null) {
            problems.add("labels: required (--labels a,b[,c...] or 'labels' in --from-file)");
        }
        refuseIf(name, problems);
        TaskSpec spec = TaskSpecs.of(name, (List<String>) labels, now).setUpdatedBy(user).build();
        apply(spec, edits.values());
        return spec;
    }

    /**
     * {@code current} with the edited settings changed, the rest kept.
     *
     * @throws TaskRefusedException listing every setting that could not be read
     */
    public static TaskSpec update(TaskSpec current, TaskEdits edits, Instant now, String user) {
        refuseIf(current.getName(), edits.problems());
        TaskSpec next = TaskSpec.newBuilder(current).setUpdatedAt(now).setUpdatedBy(user).build();
        apply(next, edits.values());
        return next;
    }

    /** {@code current} in {@code state}. */
    public static TaskSpec withState(TaskSpec current, TaskState state, Instant now, String user) {
        return TaskSpec.newBuilder(current).setState(state).setUpdatedAt(now).setUpdatedBy(user).build();
    }

    /** Whether {@code a} and {@code b} say the same about the task, whoever wrote them when. */
    public static boolean sameSettings(TaskSpec a, TaskSpec b) {
        return TaskSpec.newBuilder(a).setUpdatedAt(Instant.EPOCH).setUpdatedBy(null).build()
                .equals(TaskSpec.newBuilder(b).setUpdatedAt(Instant.EPOCH).setUpdatedBy(null).build());
    }

    private static void refuseIf(String name, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new TaskRefusedException("task '" + name + "' refused", problems);
        }
    }

    /** Puts each value at its path, creating a nested record (all its settings at their defaults) where needed. */
    private static void apply(TaskSpec spec, Map<String, Object> values) {
        values.forEach((path, value) -> {
            String[] parts = path.split("\\.");
            SpecificRecordBase record = spec;
            for (int i = 0; i < parts.length - 1; i++) {
                SpecificRecordBase child = (SpecificRecordBase) record.get(parts[i]);
                if (child == null) {
                    Schema type = TaskEdits.nonNull(record.getSchema().getField(parts[i]).schema());
                    child = (SpecificRecordBase) SpecificData.get().newRecord(null, type);
                    record.put(parts[i], child);
                }
                record = child;
            }
            record.put(parts[parts.length - 1], value);
        });
    }
}
