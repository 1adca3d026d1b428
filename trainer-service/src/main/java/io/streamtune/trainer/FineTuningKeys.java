package io.streamtune.trainer;

import static io.streamtune.trainer.TrainerConfig.BATCH_SIZE_CONFIG;
import static io.streamtune.trainer.TrainerConfig.DEVICE_CONFIG;
import static io.streamtune.trainer.TrainerConfig.DROPOUT_CONFIG;
import static io.streamtune.trainer.TrainerConfig.LEARNING_RATE_CONFIG;
import static io.streamtune.trainer.TrainerConfig.LR_SCHEDULE_CONFIG;
import static io.streamtune.trainer.TrainerConfig.MAX_GRAD_NORM_CONFIG;
import static io.streamtune.trainer.TrainerConfig.MAX_LENGTH_CONFIG;
import static io.streamtune.trainer.TrainerConfig.PLATEAU_MIN_DELTA_CONFIG;
import static io.streamtune.trainer.TrainerConfig.PLATEAU_PATIENCE_CONFIG;
import static io.streamtune.trainer.TrainerConfig.REPLAY_CAPACITY_CONFIG;
import static io.streamtune.trainer.TrainerConfig.REPLAY_RATIO_CONFIG;
import static io.streamtune.trainer.TrainerConfig.SEED_CONFIG;
import static io.streamtune.trainer.TrainerConfig.TOP_K_CONFIG;
import static io.streamtune.trainer.TrainerConfig.TOTAL_STEPS_CONFIG;
import static io.streamtune.trainer.TrainerConfig.TRAINING_MODE_CONFIG;
import static io.streamtune.trainer.TrainerConfig.WARMUP_STEPS_CONFIG;
import static io.streamtune.trainer.TrainerConfig.WEIGHT_DECAY_CONFIG;

import io.streamtune.model.ModelOptions;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.LrSchedule;
import io.streamtune.model.train.TrainingMode;
import io.streamtune.trainer.core.TrainingDefaults;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads the fine-tuning keys of a {@link TrainerConfig} into the model library's settings, checked by it, and into
 * the defaults of every task ({@link TrainingDefaults}).
 */
final class FineTuningKeys {

    private FineTuningKeys() {
    }

    /** The optimiser, schedule and batch settings shared by every task; invalid combinations name the problem. */
    static FineTuneConfig fineTune(TrainerConfig config) {
        try {
            return FineTuneConfig.builder()
                    .mode(TrainingMode.parse(config.getString(TRAINING_MODE_CONFIG)))
                    .topK(config.getInt(TOP_K_CONFIG))
                    .learningRate(config.getDouble(LEARNING_RATE_CONFIG))
                    .weightDecay(config.getDouble(WEIGHT_DECAY_CONFIG))
                    .warmupSteps(config.getLong(WARMUP_STEPS_CONFIG))
                    .schedule(LrSchedule.parse(config.getString(LR_SCHEDULE_CONFIG)))
                    .totalSteps(config.getLong(TOTAL_STEPS_CONFIG))
                    .maxGradNorm(config.getDouble(MAX_GRAD_NORM_CONFIG))
                    .batchSize(config.getInt(BATCH_SIZE_CONFIG))
                    .patience(0)
                    .seed(config.getInt(SEED_CONFIG))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid fine-tuning settings: " + e.getMessage());
        }
    }

    /** Sequence length, dropout, device and seed of the models the trainer builds. */
    static ModelOptions modelOptions(TrainerConfig config) {
        try {
            return new ModelOptions(config.getInt(MAX_LENGTH_CONFIG), config.getDouble(DROPOUT_CONFIG).floatValue(),
                    config.getString(DEVICE_CONFIG), config.getInt(SEED_CONFIG));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid fine-tuning settings: " + e.getMessage());
        }
    }

    /** Every task's defaults: what a spec's null settings take. */
    static TrainingDefaults defaults(TrainerConfig config) {
        return new TrainingDefaults(config.baseModel(), modelOptions(config), fineTune(config),
                config.getInt(REPLAY_CAPACITY_CONFIG), config.getDouble(REPLAY_RATIO_CONFIG),
                config.getInt(PLATEAU_PATIENCE_CONFIG), config.getDouble(PLATEAU_MIN_DELTA_CONFIG),
                config.checkpointPolicy());
    }
}
