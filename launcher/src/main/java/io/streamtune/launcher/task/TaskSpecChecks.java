package io.streamtune.launcher.task;

import io.streamtune.evaluator.gate.ThresholdParser;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.tasks.TaskSpecCheck;
import io.streamtune.tasks.TaskSpecRules;
import io.streamtune.trainer.core.BaseModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CLI demands of a spec before it writes it: {@link TaskSpecRules} (and, for a new version of a task, its
 * change rules), plus what the services would refuse on the topic: the base model resolves (the trainer's
 * {@link BaseModelSpec}) and the gate rules parse (the evaluator's {@link ThresholdParser}).
 */
public final class TaskSpecChecks {

    /** The trainer's and the evaluator's own demands on a spec, as the CLI runs them before writing. */
    public static final TaskSpecCheck SERVICES =
            ((TaskSpecCheck) TaskSpecChecks::baseModel).and(TaskSpecChecks::gateRules);

    private TaskSpecChecks() {
    }

    /** Every problem of a new task's spec; empty when it may be written. */
    public static List<String> problems(TaskSpec spec) {
        List<String> problems = new ArrayList<>(TaskSpecRules.problems(spec));
        problems.addAll(SERVICES.problems(spec));
        return problems;
    }

    /** Every problem of {@code next} as the next version of {@code current}. */
    public static List<String> updateProblems(TaskSpec current, TaskSpec next) {
        List<String> problems = new ArrayList<>(TaskSpecRules.changeProblems(current, next));
        problems.addAll(problems(next));
        return problems;
    }

    private static List<String> baseModel(TaskSpec spec) {
        String base = spec.getBaseModel();
        if (base == null || base.isBlank()) {
            return List.of();
        }
        try {
            BaseModelSpec.parse(base);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of("baseModel: " + e.getMessage());
        }
    }

    private static List<String> gateRules(TaskSpec spec) {
        String rules = spec.getEvaluation() == null ? null : spec.getEvaluation().getGateRules();
        if (rules == null || rules.isBlank()) {
            return List.of();
        }
        try {
            ThresholdParser.parseAll(rules);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of("evaluation.gateRules: " + e.getMessage());
        }
    }
}
