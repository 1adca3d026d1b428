package io.streamtune.evaluator;

import io.streamtune.evaluator.gate.GatePolicy;
import io.streamtune.evaluator.gate.Threshold;
import io.streamtune.evaluator.gate.ThresholdParser;
import io.streamtune.schemas.TaskEvaluation;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.tasks.TaskSpecCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * How one task's checkpoints are evaluated: its gate, the sizes of its validation set and the base model its first
 * candidate is compared with. Built in one place from
 * the task's spec, whose null fields (or missing {@code evaluation} record) take the evaluator's configured
 * defaults. Pure: {@link #problems} is the evaluator's {@link TaskSpecCheck}, run on every spec version before the
 * evaluator follows it.
 *
 * @param gatePolicy the gate's rules and minimum validation size; the champion-unavailable policy is the service's
 * @param anchorSize validation examples kept from the start of the task's stream
 * @param recentSize newest validation examples kept; the gate judges on these
 * @param baseModel  the spec's base model reference, e.g. {@code bge-small-en-v1.5} or {@code onnx:<path>}; null:
 *                   the evaluator's configured base
 * @param baseModelTokenizer the spec's {@code tokenizer:<path>} for an {@code onnx:} base, or null
 */
public record EvaluationSettings(GatePolicy gatePolicy, int anchorSize, int recentSize, String baseModel,
        String baseModelTokenizer) {

    public EvaluationSettings {
        if (anchorSize < 0 || recentSize < 1) {
            throw new IllegalArgumentException("anchorSize must be >= 0 and recentSize >= 1, got " + anchorSize
                    + " and " + recentSize);
        }
        if (gatePolicy.minValidationExamples() > recentSize) {
            throw new IllegalArgumentException("minValidationExamples (" + gatePolicy.minValidationExamples()
                    + ") must not exceed recentSize (" + recentSize + "), or nothing is ever promoted");
        }
    }

    /** Settings with the evaluator's configured base model. */
    public EvaluationSettings(GatePolicy gatePolicy, int anchorSize, int recentSize) {
        this(gatePolicy, anchorSize, recentSize, null, null);
    }

    /** The evaluator's defaults: what a task without a spec, or a spec without evaluation settings, gets. */
    public static EvaluationSettings defaults(EvaluatorConfig config) {
        return new EvaluationSettings(config.gatePolicy(), config.anchorSize(), config.recentSize());
    }

    /**
     * The settings of the task described by {@code spec} (null: a task never seen on the tasks topic), its unset
     * fields taken from {@code defaults}.
     *
     * @throws IllegalArgumentException when the spec's settings are invalid; {@link #problems} says why
     */
    public static EvaluationSettings of(TaskSpec spec, EvaluationSettings defaults) {
        if (spec == null) {
            return defaults;
        }
        TaskEvaluation evaluation = spec.getEvaluation() == null ? new TaskEvaluation() : spec.getEvaluation();
        GatePolicy fallback = defaults.gatePolicy();
        List<Threshold> rules = evaluation.getGateRules() == null ? fallback.thresholds()
                : ThresholdParser.parseAll(evaluation.getGateRules());
        int minimum = orDefault(evaluation.getMinValidationExamples(), fallback.minValidationExamples());
        GatePolicy gate = new GatePolicy(rules, minimum, fallback.onChampionUnavailable());
        return new EvaluationSettings(gate, orDefault(evaluation.getAnchorSize(), defaults.anchorSize()),
                orDefault(evaluation.getRecentSize(), defaults.recentSize()), spec.getBaseModel(),
                spec.getBaseModelTokenizer());
    }

    /** Why the evaluator cannot honour {@code spec}: a gate rule that does not parse, sizes that do not fit. */
    public static List<String> problems(TaskSpec spec, EvaluationSettings defaults) {
        TaskEvaluation evaluation = spec.getEvaluation();
        if (evaluation == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (evaluation.getGateRules() != null) {
            try {
                if (ThresholdParser.parseAll(evaluation.getGateRules()).isEmpty()) {
                    problems.add("evaluation.gateRules: give at least one rule, e.g. '"
                            + EvaluatorConfig.DEFAULT_GATE_RULES + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add("evaluation.gateRules: " + e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            try {
                of(spec, defaults);
            } catch (IllegalArgumentException e) {
                problems.add("evaluation: " + e.getMessage());
            }
        }
        return problems;
    }

    /** {@link #problems} as the check the evaluator's task catalog runs. */
    public static TaskSpecCheck check(EvaluationSettings defaults) {
        return spec -> problems(spec, defaults);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
