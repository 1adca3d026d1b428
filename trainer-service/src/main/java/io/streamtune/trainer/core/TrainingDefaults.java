package io.streamtune.trainer.core;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.bert.BaseModelRef;
import io.streamtune.model.bert.BaseModels;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.LrSchedule;
import io.streamtune.model.train.TrainingMode;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskTraining;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The trainer's configured defaults, and the one place a task's {@link TaskSettings} are built from its
 * {@link TaskSpec}: every null setting of the spec takes the default here. Pure.
 *
 * @param baseModel        base model of a spec without one
 * @param modelOptions     sequence length, dropout, device and seed
 * @param fineTune         optimizer, schedule and batch size
 * @param replayCapacity   replay reservoir size
 * @param replayRatio      replayed examples per new example
 * @param plateauPatience  shards without improvement before a plateau is reported
 * @param plateauMinDelta  smallest loss decrease that counts as an improvement
 * @param checkpointPolicy checkpoint cadence
 */
public record TrainingDefaults(BaseModelSpec baseModel, ModelOptions modelOptions, FineTuneConfig fineTune,
        int replayCapacity, double replayRatio, int plateauPatience, double plateauMinDelta,
        CheckpointPolicy checkpointPolicy) {

    public TrainingDefaults {
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(modelOptions, "modelOptions");
        Objects.requireNonNull(fineTune, "fineTune");
        Objects.requireNonNull(checkpointPolicy, "checkpointPolicy");
    }

    /**
     * How {@code spec}'s task is trained: the spec's settings where set, these defaults elsewhere.
     *
     * @throws IllegalArgumentException naming the problem when the settings do not go together or the base model
     *                                  reference does not parse
     */
    public TaskSettings settingsOf(TaskSpec spec) {
        TaskTraining t = spec.getTraining() != null ? spec.getTraining() : TaskTraining.newBuilder().build();
        BaseModelSpec base = spec.getBaseModel() == null ? baseModel
                : BaseModelSpec.parse(spec.getBaseModel(), spec.getBaseModelTokenizer());
        ModelOptions options = new ModelOptions(or(t.getMaxLength(), modelOptions.maxLength()),
                or(t.getDropout(), Double.valueOf(modelOptions.dropout()), Number::floatValue),
                modelOptions.device(), modelOptions.seed());
        FineTuneConfig d = fineTune;
        FineTuneConfig tune = new FineTuneConfig(t.getMode() == null ? d.mode() : TrainingMode.parse(t.getMode()),
                or(t.getTopK(), d.topK()), or(t.getLearningRate(), d.learningRate()),
                or(t.getWeightDecay(), d.weightDecay()), d.beta1(), d.beta2(), d.epsilon(),
                or(t.getWarmupSteps(), d.warmupSteps(), Number::longValue), d.warmupRatio(),
                t.getLrSchedule() == null ? d.schedule() : LrSchedule.parse(t.getLrSchedule()),
                or(t.getTotalSteps(), d.totalSteps(), Number::longValue), d.maxGradNorm(),
                or(t.getBatchSize(), d.batchSize()), d.evalBatchSize(), d.epochs(), d.patience(), d.minDelta(),
                d.metric(), d.seed());
        CheckpointPolicy policy = new CheckpointPolicy(
                or(t.getCheckpointEveryShards(), checkpointPolicy.everyShards()),
                t.getCheckpointEveryMs() == null ? checkpointPolicy.every() : Duration.ofMillis(
                        t.getCheckpointEveryMs()));
        return new TaskSettings(spec.getName(), new LabelMap(spec.getLabels()), base, options, tune,
                or(t.getReplayCapacity(), replayCapacity), or(t.getReplayRatio(), replayRatio), plateauPatience,
                plateauMinDelta, policy);
    }

    /** What keeps {@code spec} from being trained here (a base model that does not parse, …); empty when none. */
    public List<String> problems(TaskSpec spec) {
        try {
            // The files of an onnx: base must be there and readable before the task is followed.
            TaskSettings settings = settingsOf(spec);
            BaseModelRef base = settings.baseModel().ref();
            BaseModels.validate(base);
            FineTuneConfig tune = settings.fineTune();
            if (tune.mode() == TrainingMode.TOP_K) {
                // Checked here, not at take-over: a spec the base cannot honour must not stop the trainer.
                int layers = BaseModels.encoderLayers(base);
                if (tune.topK() > layers) {
                    return List.of("training.topK: " + tune.topK() + " exceeds the " + layers
                            + " encoder layers of base model " + base.id());
                }
            }
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static <T, R> R or(T value, T fallback, Function<T, R> convert) {
        return convert.apply(value != null ? value : fallback);
    }
}
