package io.streamtune.tasks;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import java.time.Instant;
import java.util.List;

/** Small helpers to build {@link TaskSpec}s: the CLI, static config and tests start from {@link #of}. */
public final class TaskSpecs {

    private TaskSpecs() {
    }

    /** An ACTIVE spec with {@code labels} and every other setting at the services' defaults. */
    public static TaskSpec.Builder of(String name, List<String> labels, Instant updatedAt) {
        return TaskSpec.newBuilder().setName(name).setLabels(List.copyOf(labels)).setState(TaskState.ACTIVE)
                .setUpdatedAt(updatedAt);
    }
}
