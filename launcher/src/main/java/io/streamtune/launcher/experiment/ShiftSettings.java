package io.streamtune.launcher.experiment;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.trainer.TrainerConfig;
import io.streamtune.trainer.core.TaskSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the shift experiment trains: the trainer's own settings ({@link TrainerConfig}, what a task without training
 * overrides gets) with the given model, sequence length, seed, learning rate, batch size and warmup (replay capacity
 * and ratio stay the trainer's defaults), and how the stream is cut.
 *
 * @param baseModel            base model reference, as a task spec names it
 * @param maxLength            tokens per email
 * @param seed                 model, replay and mixing seed (the same for both arms)
 * @param device               {@code auto}, {@code cpu} or {@code gpu}
 * @param shardSize            examples per shard, as ingest closes them by count
 * @param checkpointEveryShards shards between two scored checkpoints
 * @param learningRate         peak learning rate
 * @param batchSize            examples per optimizer step
 * @param warmupSteps          optimizer steps of linear warmup
 */
public record ShiftSettings(String baseModel, int maxLength, int seed, String device, int shardSize,
        int checkpointEveryShards, double learningRate, int batchSize, long warmupSteps) {

    /** The task name the experiment's session trains under. */
    public static final String TASK = "shift";
    public static final List<String> LABELS = List.of("ham", "spam");

    public ShiftSettings {
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(device, "device");
        if (shardSize < 1 || checkpointEveryShards < 1) {
            throw new IllegalArgumentException("shard size and checkpoint cadence must be >= 1");
        }
    }

    /**
     * The session settings of one arm: exactly what the trainer service builds for a task without training
     * overrides when configured with these settings, with replay switched off ({@code replay.capacity=0}) when
     * {@code replay} is false.
     */
    public TaskSettings taskSettings(boolean replay) {
        Map<String, Object> config = new HashMap<>();
        // The trainer's config requires a registry; the experiment contacts neither registry nor broker.
        config.put("schema.registry.url", "http://127.0.0.1:1/not-contacted");
        config.put(TrainerConfig.BASE_MODEL_CONFIG, baseModel);
        config.put(TrainerConfig.MAX_LENGTH_CONFIG, maxLength);
        config.put(TrainerConfig.SEED_CONFIG, seed);
        config.put(TrainerConfig.DEVICE_CONFIG, device);
        config.put(TrainerConfig.LEARNING_RATE_CONFIG, learningRate);
        config.put(TrainerConfig.BATCH_SIZE_CONFIG, batchSize);
        config.put(TrainerConfig.WARMUP_STEPS_CONFIG, warmupSteps);
        if (!replay) {
            config.put(TrainerConfig.REPLAY_CAPACITY_CONFIG, 0);
        }
        return new TrainerConfig(config).trainingDefaults()
                .settingsOf(TaskSpec.newBuilder().setName(TASK).setLabels(LABELS).setUpdatedAt(Instant.EPOCH)
                        .build());
    }
}
