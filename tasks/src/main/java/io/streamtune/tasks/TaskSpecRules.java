package io.streamtune.tasks;

import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.schemas.TaskEvaluation;
import io.streamtune.schemas.TaskIngest;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskTraining;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every service demands of a {@link TaskSpec}, whatever its own checks ({@link TaskSpecCheck}): a valid name,
 * at least two distinct labels, values in range; and what may change between two versions of one task. Pure: the
 * CLI runs it before writing a spec, every service again on what it reads.
 *
 * <p>Fixed for a task's life: its labels (in order: they are the classifier's outputs) and its base model (the
 * checkpoints descend from it). Everything else applies from the next shard, checkpoint or evaluation.
 */
public final class TaskSpecRules {

    /** Letters, digits, '_' or '-': the name is part of keys, shard ids, transactional ids and checkpoint paths. */
    public static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    /** Training modes a spec may name. */
    public static final Set<String> MODES = Set.of("full", "feature-extraction", "top-k");
    /** Learning-rate schedules a spec may name. */
    public static final Set<String> SCHEDULES = Set.of("linear", "cosine", "constant");

    private TaskSpecRules() {
    }

    /** Every problem of {@code spec} on its own; empty when it is valid. */
    public static List<String> problems(TaskSpec spec) {
        List<String> problems = new ArrayList<>();
        String name = spec.getName();
        if (name == null || !TASK_NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be 1 to 100 letters, digits, '_' or '-', starting with a letter "
                    + "or digit");
        }
        labels(spec.getLabels(), problems);
        baseModel(spec, problems);
        if (spec.getTraining() != null) {
            training(spec.getTraining(), problems);
        }
        if (spec.getIngest() != null) {
            ingest(spec.getIngest(), problems);
        }
        if (spec.getEvaluation() != null) {
            evaluation(spec.getEvaluation(), problems);
        }
        return problems;
    }

    /** Problems of {@code next} as a new version of {@code previous}: the fields fixed for a task's life. */
    public static List<String> changeProblems(TaskSpec previous, TaskSpec next) {
        List<String> problems = new ArrayList<>();
        if (!previous.getLabels().equals(next.getLabels())) {
            problems.add("labels cannot change in place (" + previous.getLabels() + " -> " + next.getLabels()
                    + "): the checkpoints' classifier has those outputs; create a new task instead");
        }
        if (!Objects.equals(previous.getBaseModel(), next.getBaseModel())
                || !Objects.equals(previous.getBaseModelTokenizer(), next.getBaseModelTokenizer())) {
            problems.add("base model cannot change in place (" + previous.getBaseModel() + " -> "
                    + next.getBaseModel() + "): the checkpoints descend from it; create a new task instead");
        }
        return problems;
    }

    private static void labels(List<String> labels, List<String> problems) {
        if (labels == null || labels.size() < 2) {
            problems.add("labels: name at least two labels, was " + labels);
            return;
        }
        if (labels.stream().anyMatch(label -> label == null || label.isBlank())) {
            problems.add("labels: must not be blank, was " + labels);
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            problems.add("labels: must be distinct, was " + labels);
        }
    }

    private static void baseModel(TaskSpec spec, List<String> problems) {
        String base = spec.getBaseModel();
        String tokenizer = spec.getBaseModelTokenizer();
        if (base != null && base.isBlank()) {
            problems.add("baseModel: must not be blank (leave it unset for the service's default)");
        }
        boolean onnx = base != null && base.startsWith("onnx:");
        if (onnx && tokenizer == null) {
            problems.add("baseModelTokenizer: an onnx: base model needs tokenizer:<path> of its tokenizer.json");
        }
        if (tokenizer != null && !onnx) {
            problems.add("baseModelTokenizer: only an onnx: base model takes a tokenizer");
        }
        if (tokenizer != null && !tokenizer.startsWith("tokenizer:")) {
            problems.add("baseModelTokenizer: must be tokenizer:<path>, was '" + tokenizer + "'");
        }
    }

    private static void training(TaskTraining training, List<String> problems) {
        String mode = training.getMode();
        if (mode != null && !MODES.contains(mode)) {
            problems.add("training.mode: '" + mode + "' is not one of " + sorted(MODES));
        }
        if ("top-k".equals(mode) && training.getTopK() == null) {
            problems.add("training.topK: top-k mode needs the number of layers to train");
        }
        atLeast("training.topK", training.getTopK(), 1, problems);
        range("training.learningRate", training.getLearningRate(), 0, 1, false, problems);
        atLeast("training.warmupSteps", training.getWarmupSteps(), 0, problems);
        if (training.getLrSchedule() != null && !SCHEDULES.contains(training.getLrSchedule())) {
            problems.add("training.lrSchedule: '" + training.getLrSchedule() + "' is not one of "
                    + sorted(SCHEDULES));
        }
        atLeast("training.totalSteps", training.getTotalSteps(), 0, problems);
        range("training.weightDecay", training.getWeightDecay(), 0, 1, true, problems);
        between("training.batchSize", training.getBatchSize(), 1, 4096, problems);
        between("training.maxLength", training.getMaxLength(), 2, 512, problems);
        if (training.getDropout() != null && !(training.getDropout() >= 0 && training.getDropout() < 1)) {
            problems.add("training.dropout: must be in [0, 1), was " + training.getDropout());
        }
        atLeast("training.replayCapacity", training.getReplayCapacity(), 0, problems);
        range("training.replayRatio", training.getReplayRatio(), 0, 100, true, problems);
        atLeast("training.checkpointEveryShards", training.getCheckpointEveryShards(), 1, problems);
        atLeast("training.checkpointEveryMs", training.getCheckpointEveryMs(), 1, problems);
    }

    private static void ingest(TaskIngest ingest, List<String> problems) {
        range("ingest.validationFraction", ingest.getValidationFraction(), 0, 1, true, problems);
        between("ingest.maxTextChars", ingest.getMaxTextChars(), 1, RecordSizeLimits.MAX_TEXT_CHARS, problems);
        atLeast("ingest.featureDimension", ingest.getFeatureDimension(), 0, problems);
        atLeast("ingest.shardMaxExamples", ingest.getShardMaxExamples(), 1, problems);
        atLeast("ingest.shardMaxAgeMs", ingest.getShardMaxAgeMs(), 1, problems);
    }

    private static void evaluation(TaskEvaluation evaluation, List<String> problems) {
        if (evaluation.getGateRules() != null && evaluation.getGateRules().isBlank()) {
            problems.add("evaluation.gateRules: must not be blank (leave it unset for the evaluator's default)");
        }
        atLeast("evaluation.minValidationExamples", evaluation.getMinValidationExamples(), 1, problems);
        atLeast("evaluation.anchorSize", evaluation.getAnchorSize(), 0, problems);
        atLeast("evaluation.recentSize", evaluation.getRecentSize(), 1, problems);
    }

    private static void atLeast(String field, Number value, long minimum, List<String> problems) {
        if (value != null && value.longValue() < minimum) {
            problems.add(field + ": must be at least " + minimum + ", was " + value);
        }
    }

    private static void between(String field, Integer value, int minimum, int maximum, List<String> problems) {
        if (value != null && (value < minimum || value > maximum)) {
            problems.add(field + ": must be between " + minimum + " and " + maximum + ", was " + value);
        }
    }

    private static void range(String field, Double value, double low, double high, boolean lowIncluded,
            List<String> problems) {
        if (value != null && !((lowIncluded ? value >= low : value > low) && value <= high)) {
            problems.add(field + ": must be in " + (lowIncluded ? "[" : "(") + low + ", " + high + "], was " + value);
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
