package io.streamtune.model.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of fine-tuning, validated on construction. Defaults follow common BERT fine-tuning practice
 * (AdamW 2e-5, weight decay 0.01, 6% warmup then linear decay, clip at 1.0).
 *
 * @param topK transformer layers unfrozen in {@link TrainingMode#TOP_K}
 * @param warmupSteps steps of linear warmup; 0 means {@code warmupRatio} of the run's total steps
 * @param totalSteps steps the decay spans; 0 means derived from epochs in {@link FineTuner#fit} and unknown
 *     (constant after warmup) in incremental training
 * @param maxGradNorm clip the global gradient norm to this; 0 disables clipping
 * @param patience epochs without a validation improvement before stopping; 0 disables early stopping
 */
public record FineTuneConfig(
        TrainingMode mode,
        int topK,
        double learningRate,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        long warmupSteps,
        double warmupRatio,
        LrSchedule schedule,
        long totalSteps,
        double maxGradNorm,
        int batchSize,
        int evalBatchSize,
        int epochs,
        int patience,
        double minDelta,
        ValidationMetric metric,
        int seed) {

    /** The defaults, named so that commands and service configs can refer to them instead of repeating them. */
    public static final int DEFAULT_TOP_K = 2;
    public static final double DEFAULT_LEARNING_RATE = 2e-5;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    public static final double DEFAULT_WARMUP_RATIO = 0.06;
    public static final double DEFAULT_MAX_GRAD_NORM = 1.0;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_EPOCHS = 3;
    public static final int DEFAULT_PATIENCE = 2;
    public static final int DEFAULT_SEED = 42;

    public FineTuneConfig {
        require(mode != null && schedule != null && metric != null, "mode, schedule and metric are required");
        require(mode != TrainingMode.TOP_K || topK >= 1, "top-k mode needs topK >= 1, was " + topK);
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be > 0, was " + learningRate);
        require(weightDecay >= 0, "weightDecay must be >= 0, was " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
        require(epsilon > 0, "epsilon must be > 0, was " + epsilon);
        require(warmupSteps >= 0 && warmupRatio >= 0 && warmupRatio < 1, "warmup must be >= 0 (ratio < 1)");
        require(totalSteps >= 0, "totalSteps must be >= 0, was " + totalSteps);
        require(maxGradNorm >= 0, "maxGradNorm must be >= 0 (0 disables clipping), was " + maxGradNorm);
        require(batchSize >= 1 && evalBatchSize >= 1, "batch sizes must be >= 1");
        require(epochs >= 1, "epochs must be >= 1, was " + epochs);
        require(patience >= 0 && minDelta >= 0, "patience and minDelta must be >= 0");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The default peak learning rate of a mode: {@link #DEFAULT_LEARNING_RATE} for full fine-tuning, higher where
     * fewer parameters train (a freshly initialised head alone needs much larger steps).
     */
    public static double defaultLearningRate(TrainingMode mode) {
        return switch (mode) {
            case FULL -> DEFAULT_LEARNING_RATE;
            case TOP_K -> 1e-4;
            case FEATURE_EXTRACTION -> 1e-2;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Warmup for a run of {@code total} steps. */
    public long warmupFor(long total) {
        return warmupSteps > 0 ? warmupSteps : Math.round(warmupRatio * total);
    }

    /** The values as strings, for checkpoint metadata and events. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("mode", mode.id());
        map.put("topK", Integer.toString(topK));
        map.put("learningRate", Double.toString(learningRate));
        map.put("weightDecay", Double.toString(weightDecay));
        map.put("beta1", Double.toString(beta1));
        map.put("beta2", Double.toString(beta2));
        map.put("epsilon", Double.toString(epsilon));
        map.put("warmupSteps", Long.toString(warmupSteps));
        map.put("warmupRatio", Double.toString(warmupRatio));
        map.put("schedule", schedule.toString());
        map.put("totalSteps", Long.toString(totalSteps));
        map.put("maxGradNorm", Double.toString(maxGradNorm));
        map.put("batchSize", Integer.toString(batchSize));
        map.put("evalBatchSize", Integer.toString(evalBatchSize));
        map.put("epochs", Integer.toString(epochs));
        map.put("patience", Integer.toString(patience));
        map.put("minDelta", Double.toString(minDelta));
        map.put("metric", metric.toString());
        map.put("seed", Integer.toString(seed));
        return map;
    }

    /** Reads {@link #asMap()}'s form back; absent keys keep their defaults. */
    public static FineTuneConfig fromMap(Map<String, String> map) {
        Builder b = builder();
        FineTuneConfig d = b.build();
        return b.mode(TrainingMode.parse(map.getOrDefault("mode", d.mode.id())))
                .topK(Integer.parseInt(map.getOrDefault("topK", "" + d.topK)))
                .learningRate(Double.parseDouble(map.getOrDefault("learningRate", "" + d.learningRate)))
                .weightDecay(Double.parseDouble(map.getOrDefault("weightDecay", "" + d.weightDecay)))
                .betas(Double.parseDouble(map.getOrDefault("beta1", "" + d.beta1)),
                        Double.parseDouble(map.getOrDefault("beta2", "" + d.beta2)))
                .epsilon(Double.parseDouble(map.getOrDefault("epsilon", "" + d.epsilon)))
                .warmupSteps(Long.parseLong(map.getOrDefault("warmupSteps", "" + d.warmupSteps)))
                .warmupRatio(Double.parseDouble(map.getOrDefault("warmupRatio", "" + d.warmupRatio)))
                .schedule(LrSchedule.parse(map.getOrDefault("schedule", d.schedule.toString())))
                .totalSteps(Long.parseLong(map.getOrDefault("totalSteps", "" + d.totalSteps)))
                .maxGradNorm(Double.parseDouble(map.getOrDefault("maxGradNorm", "" + d.maxGradNorm)))
                .batchSize(Integer.parseInt(map.getOrDefault("batchSize", "" + d.batchSize)))
                .evalBatchSize(Integer.parseInt(map.getOrDefault("evalBatchSize", "" + d.evalBatchSize)))
                .epochs(Integer.parseInt(map.getOrDefault("epochs", "" + d.epochs)))
                .patience(Integer.parseInt(map.getOrDefault("patience", "" + d.patience)))
                .minDelta(Double.parseDouble(map.getOrDefault("minDelta", "" + d.minDelta)))
                .metric(ValidationMetric.parse(map.getOrDefault("metric", d.metric.toString())))
                .seed(Integer.parseInt(map.getOrDefault("seed", "" + d.seed)))
                .build();
    }

    /** Builder with the defaults. */
    public static final class Builder {
        private TrainingMode mode = TrainingMode.FULL;
        private int topK = DEFAULT_TOP_K;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private long warmupSteps;
        private double warmupRatio = DEFAULT_WARMUP_RATIO;
        private LrSchedule schedule = LrSchedule.LINEAR;
        private long totalSteps;
        private double maxGradNorm = DEFAULT_MAX_GRAD_NORM;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int evalBatchSize = 64;
        private int epochs = DEFAULT_EPOCHS;
        private int patience = DEFAULT_PATIENCE;
        private double minDelta = 1e-4;
        private ValidationMetric metric = ValidationMetric.MACRO_F1;
        private int seed = DEFAULT_SEED;

        private Builder() {}

        public Builder mode(TrainingMode value) {
            mode = value;
            return this;
        }

        public Builder topK(int value) {
            topK = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Builder betas(double first, double second) {
            beta1 = first;
            beta2 = second;
            return this;
        }

        public Builder epsilon(double value) {
            epsilon = value;
            return this;
        }

        public Builder warmupSteps(long value) {
            warmupSteps = value;
            return this;
        }

        public Builder warmupRatio(double value) {
            warmupRatio = value;
            return this;
        }

        public Builder schedule(LrSchedule value) {
            schedule = value;
            return this;
        }

        public Builder totalSteps(long value) {
            totalSteps = value;
            return this;
        }

        public Builder maxGradNorm(double value) {
            maxGradNorm = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder evalBatchSize(int value) {
            evalBatchSize = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder patience(int value) {
            patience = value;
            return this;
        }

        public Builder minDelta(double value) {
            minDelta = value;
            return this;
        }

        public Builder metric(ValidationMetric value) {
            metric = value;
            return this;
        }

        public Builder seed(int value) {
            seed = value;
            return this;
        }

        public FineTuneConfig build() {
            return new FineTuneConfig(mode, topK, learningRate, weightDecay, beta1, beta2, epsilon, warmupSteps,
                    warmupRatio, schedule, totalSteps, maxGradNorm, batchSize, evalBatchSize, epochs, patience,
                    minDelta, metric, seed);
        }
    }
}
