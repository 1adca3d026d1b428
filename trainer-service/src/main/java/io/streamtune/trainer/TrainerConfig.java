package io.streamtune.trainer;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.config.TaskKeys;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.LrSchedule;
import io.streamtune.model.train.TrainingMode;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.trainer.core.BaseModelSpec;
import io.streamtune.trainer.core.CheckpointPolicy;
import io.streamtune.trainer.core.RetentionPolicy;
import io.streamtune.trainer.core.TaskSettings;
import io.streamtune.trainer.core.TrainingDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed, validated configuration of the trainer service: Kafka connection (inherited), the tasks with their label
 * maps, the base model and where it runs, fine-tuning and replay hyper-parameters, the checkpoint policy and
 * store, and the metrics port. For example:
 *
 * <pre>
 * tasks=spam
 * task.spam.labels=ham,spam
 * checkpoint.dir=/var/lib/streamtune/checkpoints
 * device=auto
 * </pre>
 *
 * The schema registry is configured with the {@link SchemaRegistryConfig} keys, e.g. {@code schema.registry.url}.
 * Keys prefixed {@code consumer.} go to the shards consumer as they are (minus the prefix) and win. A task's label order is its classifier's output order: never reorder it once checkpoints exist.
 */
public final class TrainerConfig extends KafkaConnectionConfig {

    public static final String GROUP_ID_CONFIG = "group.id";
    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
    public static final String TRANSACTIONAL_ID_PREFIX_CONFIG = "transactional.id.prefix";
    public static final String TASKS_CONFIG = TaskKeys.TASKS_CONFIG;
    public static final String BASE_MODEL_CONFIG = "base.model";
    public static final String DEVICE_CONFIG = "device";
    public static final String THREADS_CONFIG = "threads";
    public static final String MAX_LENGTH_CONFIG = "max.length";
    public static final String DROPOUT_CONFIG = "dropout";
    public static final String SEED_CONFIG = "seed";
    public static final String TRAINING_MODE_CONFIG = "training.mode";
    public static final String TOP_K_CONFIG = "top.k";
    public static final String LEARNING_RATE_CONFIG = "learning.rate";
    public static final String WEIGHT_DECAY_CONFIG = "weight.decay";
    public static final String WARMUP_STEPS_CONFIG = "warmup.steps";
    public static final String LR_SCHEDULE_CONFIG = "lr.schedule";
    public static final String TOTAL_STEPS_CONFIG = "total.steps";
    public static final String MAX_GRAD_NORM_CONFIG = "max.grad.norm";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final String REPLAY_CAPACITY_CONFIG = "replay.capacity";
    public static final String REPLAY_RATIO_CONFIG = "replay.ratio";
    public static final String PLATEAU_PATIENCE_CONFIG = "plateau.patience";
    public static final String PLATEAU_MIN_DELTA_CONFIG = "plateau.min.delta";
    public static final String CHECKPOINT_DIR_CONFIG = "checkpoint.dir";
    public static final String CHECKPOINT_EVERY_SHARDS_CONFIG = "checkpoint.every.shards";
    public static final String CHECKPOINT_EVERY_MS_CONFIG = "checkpoint.every.ms";
    public static final String CHECKPOINT_RETENTION_NEWEST_CONFIG = "checkpoint.retention.newest";
    public static final int CHECKPOINT_RETENTION_NEWEST_DEFAULT = 3;
    public static final String CHECKPOINT_RETENTION_CHAMPIONS_CONFIG = "checkpoint.retention.champions";
    public static final int CHECKPOINT_RETENTION_CHAMPIONS_DEFAULT = 2;
    public static final String POLL_TIMEOUT_MS_CONFIG = "poll.timeout.ms";
    public static final String MAX_POLL_INTERVAL_MS_CONFIG = "max.poll.interval.ms";
    public static final String METRICS_PORT_CONFIG = "metrics.port";
    public static final String UNKNOWN_TASK_WAIT_MS_CONFIG = "unknown.task.wait.ms";
    public static final String BUFFERED_SHARDS_PER_TASK_CONFIG = "buffered.shards.per.task";

    /** Prefix of pass-through settings of the shards consumer, for tuning that has no key of its own here. */
    public static final String CONSUMER_PREFIX = "consumer.";
    /** Per-task keys: {@code task.<name>.labels}. */
    public static final String TASK_PREFIX = TaskKeys.TASK_PREFIX;
    public static final String TASK_LABELS = TaskKeys.LABELS;

    private final Map<String, TaskSettings> tasks;
    private final SchemaRegistryConfig registry;

    /** Validates {@code originals}; throws {@link ConfigException} naming the offending key. */
    public TrainerConfig(Map<String, ?> originals) {
        super(configDef(StaticTasks.names(originals)), originals);
        this.tasks = StaticTasks.settings(this);
        this.registry = new SchemaRegistryConfig(originals);
    }

    /** The definitions for the given task names (tasks are dynamic, so their keys are too). */
    public static ConfigDef configDef(List<String> taskNames) {
        FineTuneConfig d = FineTuneConfig.builder().build();
        ConfigDef def = baseConfigDef()
                .define(GROUP_ID_CONFIG, Type.STRING, "streamtune-trainer", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Consumer group of the trainers; partition ownership is task ownership.")
                .define(GROUP_INSTANCE_ID_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "Static group membership: a restarted trainer with the same id takes its partitions back at "
                                + "once instead of after the session timeout. Unset = dynamic membership.")
                .define(TRANSACTIONAL_ID_PREFIX_CONFIG, Type.STRING, "streamtune-trainer",
                        new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Each task's producer gets the transactional id <prefix>-<task>, which fences a zombie "
                                + "trainer of the same task.")
                .define(TASKS_CONFIG, Type.LIST, "", StaticTasks::validate, Importance.HIGH,
                        "Static tasks, pinned: each needs task.<name>.labels; they win over the tasks topic's "
                                + "versions of them. Empty = only the tasks on the tasks topic.")
                .define(BASE_MODEL_CONFIG, Type.STRING, BaseModelSpec.MINILM.id(),
                        ConfigDef.CaseInsensitiveValidString.in(BaseModelSpec.ids()), Importance.HIGH,
                        "Pre-trained model every task starts from: all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2, "
                                + "or tiny (a small randomly initialised encoder for tests and demos).")
                .define(DEVICE_CONFIG, Type.STRING, "auto", Importance.HIGH,
                        "auto (first GPU when the engine sees one, else CPU), cpu, gpu or gpu:N.")
                .define(THREADS_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                        "libtorch intra-op threads; 0 = the engine's default. Read once, before the engine loads.")
                .define(MAX_LENGTH_CONFIG, Type.INT, 128, Range.atLeast(2), Importance.MEDIUM,
                        "Tokens per text after truncation.")
                .define(DROPOUT_CONFIG, Type.DOUBLE, 0.1, Range.between(0.0, 0.99), Importance.LOW,
                        "Dropout while training.")
                .define(SEED_CONFIG, Type.INT, d.seed(), Importance.LOW,
                        "Seed of head initialisation, dropout, replay sampling and mixing.")
                .define(TRAINING_MODE_CONFIG, Type.STRING, TrainingMode.FULL.id(),
                        ConfigDef.CaseInsensitiveValidString.in("full", "feature-extraction", "top-k"),
                        Importance.MEDIUM, "Which parameters are fine-tuned.")
                .define(TOP_K_CONFIG, Type.INT, d.topK(), Range.atLeast(1), Importance.LOW,
                        "Transformer layers unfrozen in top-k mode.")
                .define(LEARNING_RATE_CONFIG, Type.DOUBLE, d.learningRate(), Range.atLeast(Double.MIN_VALUE),
                        Importance.MEDIUM, "Peak AdamW learning rate.")
                .define(WEIGHT_DECAY_CONFIG, Type.DOUBLE, d.weightDecay(), Range.atLeast(0.0), Importance.LOW,
                        "AdamW weight decay.")
                .define(WARMUP_STEPS_CONFIG, Type.LONG, 100L, Range.atLeast(0), Importance.LOW,
                        "Linear warmup, in global optimizer steps (counted across shards and restarts).")
                .define(LR_SCHEDULE_CONFIG, Type.STRING, LrSchedule.LINEAR.toString(),
                        ConfigDef.CaseInsensitiveValidString.in("linear", "cosine", "constant"), Importance.LOW,
                        "Decay after warmup; only applies when total.steps > 0.")
                .define(TOTAL_STEPS_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                        "Global step at which the decay ends; 0 = a stream without end: constant after warmup.")
                .define(MAX_GRAD_NORM_CONFIG, Type.DOUBLE, d.maxGradNorm(), Range.atLeast(0.0), Importance.LOW,
                        "Clip the global gradient norm to this; 0 disables clipping.")
                .define(BATCH_SIZE_CONFIG, Type.INT, d.batchSize(), Range.atLeast(1), Importance.MEDIUM,
                        "Examples per optimizer step.")
                .define(REPLAY_CAPACITY_CONFIG, Type.INT, 2000, Range.atLeast(0), Importance.MEDIUM,
                        "Past examples held per task in the reservoir replay buffer; 0 disables replay.")
                .define(REPLAY_RATIO_CONFIG, Type.DOUBLE, 0.5, Range.between(0.0, 10.0), Importance.MEDIUM,
                        "Replayed examples mixed into each shard, per new example.")
                .define(PLATEAU_PATIENCE_CONFIG, Type.INT, 5, Range.atLeast(1), Importance.LOW,
                        "Shards without a loss improvement after which a plateau is reported.")
                .define(PLATEAU_MIN_DELTA_CONFIG, Type.DOUBLE, 1e-3, Range.atLeast(0.0), Importance.LOW,
                        "Smallest loss decrease that counts as an improvement.")
                .define(CHECKPOINT_DIR_CONFIG, Type.STRING, "checkpoints", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Root of the directory checkpoint store (shared with the evaluator).")
                .define(CHECKPOINT_EVERY_SHARDS_CONFIG, Type.INT, 10, Range.atLeast(1), Importance.MEDIUM,
                        "Checkpoint after this many shards of a task...")
                .define(CHECKPOINT_EVERY_MS_CONFIG, Type.LONG, Duration.ofMinutes(1).toMillis(), Range.atLeast(1),
                        Importance.MEDIUM, "...or this many ms after the first shard not yet checkpointed.")
                .define(CHECKPOINT_RETENTION_NEWEST_CONFIG, Type.INT, CHECKPOINT_RETENTION_NEWEST_DEFAULT,
                        Range.atLeast(1), Importance.MEDIUM,
                        "Retention keeps each task's newest this many checkpoints (only the newest keeps its "
                                + "optimizer state); also always kept: the champion, the last "
                                + CHECKPOINT_RETENTION_CHAMPIONS_CONFIG + " champions and checkpoints not yet "
                                + "evaluated.")
                .define(CHECKPOINT_RETENTION_CHAMPIONS_CONFIG, Type.INT, CHECKPOINT_RETENTION_CHAMPIONS_DEFAULT,
                        Range.atLeast(0), Importance.MEDIUM,
                        "Past champions of each task kept besides the current one, as rollback targets.")
                .define(POLL_TIMEOUT_MS_CONFIG, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                        "Longest wait for shards per poll; also how often the time policy is checked when idle.")
                .define(MAX_POLL_INTERVAL_MS_CONFIG, Type.INT, (int) Duration.ofMinutes(10).toMillis(),
                        Range.atLeast(1000), Importance.MEDIUM,
                        "Longest time a shard may train before the group deems this trainer dead.")
                .define(UNKNOWN_TASK_WAIT_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                        "How long a shard of a task the catalog does not know waits for its spec (the catalog may "
                                + "lag behind ingest) before it is dead-lettered as UNKNOWN_TASK.")
                .define(BUFFERED_SHARDS_PER_TASK_CONFIG, Type.INT, 2, Range.atLeast(1), Importance.LOW,
                        "Shards read ahead per task; a partition whose task has this many waiting is paused, so "
                                + "tasks with work take turns shard by shard.")
                .define(METRICS_PORT_CONFIG, Type.INT, 9465, Range.between(MetricsServer.DISABLED, 65535),
                        Importance.MEDIUM, "Port of the /metrics and /health endpoint; 0 = any free port, -1 = off.");
        for (String task : taskNames) {
            def.define(TaskKeys.key(task, TASK_LABELS), Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                    TaskKeys.labels(2), Importance.HIGH,
                    "Labels of task " + task + ", in the classifier's output order.");
        }
        return def;
    }

    /** The static (pinned) tasks' settings by name, in the order of {@code tasks}. */
    public Map<String, TaskSettings> tasks() {
        return tasks;
    }

    /** The settings of a task whose spec leaves them unset; builds every task's settings from its spec. */
    public TrainingDefaults trainingDefaults() {
        return FineTuningKeys.defaults(this);
    }

    /** The static tasks as specs, pinned in the task catalog. */
    public Map<String, TaskSpec> pinnedSpecs() {
        return StaticTasks.specs(this);
    }

    /** How long a shard of an unknown task waits for the catalog to learn of the task. */
    public Duration unknownTaskWait() {
        return Duration.ofMillis(getLong(UNKNOWN_TASK_WAIT_MS_CONFIG));
    }

    /** Shards read ahead per task before its partition is paused. */
    public int bufferedShardsPerTask() {
        return getInt(BUFFERED_SHARDS_PER_TASK_CONFIG);
    }

    /** Where the registry serdes find the schema registry. */
    public SchemaRegistryConfig registry() {
        return registry;
    }

    public String groupId() {
        return getString(GROUP_ID_CONFIG);
    }

    /** Static membership id, or {@code null}. */
    public String groupInstanceId() {
        return getString(GROUP_INSTANCE_ID_CONFIG);
    }

    /** The {@code consumer.*} keys, prefix removed. */
    public Map<String, Object> consumerOverrides() {
        return originalsWithPrefix(CONSUMER_PREFIX);
    }

    /**
     * The shards consumer: this trainer's group, committed shards only (they come from an exactly-once Streams app),
     * offsets committed in the checkpoint transactions, then the {@code consumer.*} keys, which win.
     */
    public Map<String, Object> shardConsumerConfigs() {
        Map<String, Object> props = readCommittedConsumerConfigs();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A shard is minutes of work on a large model: fetch one at a time and allow long gaps between polls.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollIntervalMs());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_SHARD_BYTES + 1024 * 1024);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        if (groupInstanceId() != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId());
        }
        props.putAll(consumerOverrides());
        return props;
    }

    /** The producer of one task's checkpoint events and offset commits, fenced by {@link #transactionalId}. */
    public Map<String, Object> checkpointProducerConfigs(String task) {
        return transactionalProducerConfigs(transactionalId(task));
    }

    /** The producer of shard dead letters: idempotent, compressed, large enough for a whole refused shard. */
    public Map<String, Object> deadLetterProducerConfigs() {
        RecordSizeLimits.requireTopicFits(Topics.SHARDS_DLQ, RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES,
                "RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES");
        Map<String, Object> props = idempotentProducerConfigs();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        return props;
    }

    /** The transactional id of a task's producer. */
    public String transactionalId(String task) {
        return getString(TRANSACTIONAL_ID_PREFIX_CONFIG) + "-" + task;
    }

    public BaseModelSpec baseModel() {
        return BaseModelSpec.parse(getString(BASE_MODEL_CONFIG));
    }

    /** Requested intra-op threads; 0 = engine default. */
    public int threads() {
        return getInt(THREADS_CONFIG);
    }

    public Path checkpointDir() {
        return Path.of(getString(CHECKPOINT_DIR_CONFIG));
    }

    public CheckpointPolicy checkpointPolicy() {
        return new CheckpointPolicy(getInt(CHECKPOINT_EVERY_SHARDS_CONFIG),
                Duration.ofMillis(getLong(CHECKPOINT_EVERY_MS_CONFIG)));
    }

    public RetentionPolicy retentionPolicy() {
        return new RetentionPolicy(getInt(CHECKPOINT_RETENTION_NEWEST_CONFIG),
                getInt(CHECKPOINT_RETENTION_CHAMPIONS_CONFIG));
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_MS_CONFIG));
    }

    public int maxPollIntervalMs() {
        return getInt(MAX_POLL_INTERVAL_MS_CONFIG);
    }

    public int metricsPort() {
        return getInt(METRICS_PORT_CONFIG);
    }

    /** Every key with its value, the registry's included; secrets print as {@code [hidden]}. */
    @Override
    public String toString() {
        return super.toString() + " " + registry;
    }
}
