package io.streamtune.tasks;

import io.streamtune.schemas.TaskSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's own demands on a {@link TaskSpec}, beyond {@link TaskSpecRules}: e.g. the trainer's base model
 * resolves, the evaluator's gate rules parse. Returns the problems, empty when the service can honour the spec.
 */
@FunctionalInterface
public interface TaskSpecCheck {

    /** Accepts every spec. */
    TaskSpecCheck NONE = spec -> List.of();

    List<String> problems(TaskSpec spec);

    /** This check's problems followed by {@code other}'s. */
    default TaskSpecCheck and(TaskSpecCheck other) {
        return spec -> {
            List<String> problems = new ArrayList<>(problems(spec));
            problems.addAll(other.problems(spec));
            return problems;
        };
    }
}
