package io.streamtune.launcher.task;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import java.time.Clock;
import java.util.List;

/**
 * What the {@code task} commands do, apart from parsing and printing: each builds the next version of a task,
 * refuses it with every problem before anything is written ({@link TaskRefusedException}), and writes it to the
 * tasks topic. The demo creates its task through {@link #create} too.
 */
public final class TaskOperations {

    /**
     * One version written to the tasks topic.
     *
     * @param task     task name
     * @param previous the version it replaced; null for a new task
     * @param written  the version written; null for a tombstone
     * @param offset   its offset on the tasks topic; -1 when nothing had to be written
     */
    public record Written(String task, TaskSpec previous, TaskSpec written, long offset) {

        /** Whether a record was written (false when the task already was as asked). */
        public boolean changed() {
            return offset >= 0;
        }
    }

    private final TaskTopics topics;
    private final Clock clock;
    private final String user;

    /**
     * @param user who writes, kept in each version's {@code updatedBy}
     */
    public TaskOperations(TaskTopics topics, Clock clock, String user) {
        this.topics = topics;
        this.clock = clock;
        this.user = user;
    }

    /** Writes a new task; refused when the spec has problems or a task of that name exists. */
    public Written create(String name, TaskEdits edits) {
        TaskSpec spec = TaskSpecDrafts.create(name, edits, clock.instant(), user);
        refuseIf(name, TaskSpecChecks.problems(spec));
        topics.spec(name).ifPresent(existing -> {
            throw new TaskRefusedException("task '" + name + "' exists (written " + existing.writtenAt()
                    + "): change it with 'task update " + name + "', or delete it first");
        });
        return new Written(name, null, spec, topics.write(spec));
    }

    /** Writes the current spec with the edited settings; refused on problems, on fixed fields and for no task. */
    public Written update(String name, TaskEdits edits) {
        TaskSpec current = current(name);
        TaskSpec next = TaskSpecDrafts.update(current, edits, clock.instant(), user);
        refuseIf(name, TaskSpecChecks.updateProblems(current, next));
        if (TaskSpecDrafts.sameSettings(current, next)) {
            return new Written(name, current, current, -1);
        }
        return new Written(name, current, next, topics.write(next));
    }

    /** Pauses or resumes a task; writes nothing when it already is in {@code state}. */
    public Written setState(String name, TaskState state) {
        TaskSpec current = current(name);
        if (current.getState() == state) {
            return new Written(name, current, current, -1);
        }
        TaskSpec next = TaskSpecDrafts.withState(current, state, clock.instant(), user);
        return new Written(name, current, next, topics.write(next));
    }

    /** Writes the tombstone of an existing task. */
    public Written delete(String name) {
        TaskSpec current = topics.spec(name).orElseThrow(() -> notFound(name)).spec();
        return new Written(name, current, null, topics.delete(name));
    }

    private TaskSpec current(String name) {
        TaskTopics.Version version = topics.spec(name).orElseThrow(() -> notFound(name));
        if (version.spec() == null) {
            throw new TaskRefusedException("task '" + name + "': its newest version (offset " + version.offset()
                    + ") cannot be read (" + version.unreadable() + "); delete it and create it again");
        }
        return version.spec();
    }

    private static TaskRefusedException notFound(String name) {
        return new TaskRefusedException("no task '" + name + "' (see 'task list')");
    }

    private static void refuseIf(String name, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new TaskRefusedException("task '" + name + "' refused, nothing written", problems);
        }
    }
}
