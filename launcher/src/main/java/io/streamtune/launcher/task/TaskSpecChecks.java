package io.streamtune.launcher.task;

import io.streamtune.evaluator.gate.ThresholdParser;
import io.streamtune.model.bert.BaseModels;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.tasks.TaskSpecCheck;
import io.streamtune.tasks.TaskSpecRules;
import io.streamtune.trainer.core.BaseModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the CLI demands of a spec before it writes it: {@link TaskSpecRules} (and, for a new version of a task, its
 * change rules), plus what the services would refuse on the topic: the base model resolves and would load (the
 * trainer's {@link BaseModelSpec}, {@link BaseModels#validate}; an {@code onnx:} file is checked where the CLI runs)
 * and the gate rules parse (the evaluator's {@link ThresholdParser}).
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

    /** The reference parses and would load: a built-in's jar is on the class path, onnx: files exist and fit. */
    private static List<String> baseModel(TaskSpec spec) {
        return refusal("baseModel", spec.getBaseModel(), base -> BaseModels.validate(
                BaseModelSpec.parse(base, spec.getBaseModelTokenizer()).ref()));
    }

    private static List<String> gateRules(TaskSpec spec) {
        return refusal("evaluation.gateRules", spec.getEvaluation() == null ? null
                : spec.getEvaluation().getGateRules(), ThresholdParser::parseAll);
    }

    /** The parser's message when it refuses {@code value} (unset or blank values are {@link TaskSpecRules}' job). */
    private static List<String> refusal(String field, String value, Consumer<String> parser) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            parser.accept(value);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(field + ": " + e.getMessage());
        }
    }
}
