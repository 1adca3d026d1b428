package io.streamtune.trainer;

import static io.streamtune.trainer.TrainerConfig.TASKS_CONFIG;
import static io.streamtune.trainer.TrainerConfig.TASK_LABELS;

import io.streamtune.common.config.TaskKeys;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.tasks.TaskSpecs;
import io.streamtune.trainer.core.TaskSettings;
import io.streamtune.trainer.core.TrainingDefaults;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The trainer's static tasks ({@code tasks=} and {@code task.<name>.labels}): optional, and pinned in the task
 * catalog as specs with every setting at the trainer's defaults, so they win over the tasks topic.
 */
final class StaticTasks {

    private StaticTasks() {
    }

    /** The task names of raw configuration; none when {@code tasks} is absent or empty. */
    static List<String> names(Map<String, ?> originals) {
        Object raw = originals.get(TASKS_CONFIG);
        return raw == null || raw.toString().isBlank() ? List.of() : TaskKeys.taskNames(originals);
    }

    /** Validator of {@code tasks}: empty, or valid distinct names. */
    static void validate(String name, Object value) {
        if (!((List<?>) value).isEmpty()) {
            TaskKeys.validateTaskNames(name, value);
        }
    }

    /** The static tasks as specs, in the order of {@code tasks}. */
    static Map<String, TaskSpec> specs(TrainerConfig config) {
        List<String> names = config.getList(TASKS_CONFIG);
        TaskKeys.requireListed(config.originals(), names);
        return TaskKeys.inDeclaredOrder(names, name -> TaskSpecs.of(name,
                config.getList(TaskKeys.key(name, TASK_LABELS)), Instant.EPOCH).setUpdatedBy("static config")
                .build());
    }

    /** The static tasks' settings, in the order of {@code tasks}. */
    static Map<String, TaskSettings> settings(TrainerConfig config) {
        TrainingDefaults defaults = config.trainingDefaults();
        Map<String, TaskSpec> specs = specs(config);
        return TaskKeys.inDeclaredOrder(List.copyOf(specs.keySet()), name -> defaults.settingsOf(specs.get(name)));
    }
}
