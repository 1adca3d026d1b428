package io.streamtune.tasks;

import io.streamtune.schemas.TaskSpec;

/**
 * One task's spec as a service follows it moved from {@code previous} to {@code current}.
 *
 * @param task     task name
 * @param previous the spec followed before; null when the task is new
 * @param current  the spec followed from now on; null when the task was deleted
 */
public record TaskChange(String task, TaskSpec previous, TaskSpec current) {

    /** Whether the task is new to this service. */
    public boolean created() {
        return previous == null;
    }

    /** Whether the task was deleted. */
    public boolean deleted() {
        return current == null;
    }
}
