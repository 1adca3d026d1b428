package io.streamtune.evaluator;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.config.RenamedKeys;
import io.streamtune.common.config.TaskKeys;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.evaluator.drift.DriftConfig;
import io.streamtune.evaluator.drift.DriftSettings;
import io.streamtune.evaluator.gate.GatePolicy;
import io.streamtune.evaluator.gate.ThresholdParser;
import io.streamtune.model.bert.BaseModelRef;
import io.streamtune.model.bert.InvalidBaseModelException;
import io.streamtune.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed, validated configuration of the evaluator service: Kafka connection (inherited), schema registry
 * ({@link SchemaRegistryConfig} keys), the checkpoint store, the gate rules, the validation set's sizes, the base
 * model and the metrics port. For example:
 *
 * <pre>
 * checkpoint.dir=/var/lib/streamtune/checkpoints
 * gate.rules=macro_f1 &gt;= 0.8; macro_f1 not_worse_than champion by 0.005 at 0.95; log_loss &lt; champion
 * min.validation.examples=200
 * </pre>
 *
 * Keys prefixed {@code consumer.} are handed to the checkpoint consumer as they are (minus the prefix), e.g.
 * {@code consumer.max.poll.interval.ms} when scoring a checkpoint takes longer than the default five minutes.
 *
 * <p>The gate rules and validation sizes here are the defaults: a task's spec on the {@code tasks} topic overrides
 * them field by field ({@link EvaluationSettings}). The evaluator judges the checkpoints of every task and takes each
 * task's labels from its checkpoint, so it refuses {@code tasks} and {@code task.*} keys rather than ignore them.
 */
public final class EvaluatorConfig extends KafkaConnectionConfig {

    public static final String GROUP_ID_CONFIG = "group.id";
    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
    public static final String TRANSACTIONAL_ID_CONFIG = "transactional.id";
    /** The checkpoint store's root, the key the trainer uses for the same directory. */
    public static final String CHECKPOINT_DIR_CONFIG = "checkpoint.dir";
    /** The former name of {@link #CHECKPOINT_DIR_CONFIG}, still accepted with a warning. */
    @Deprecated
    public static final String CHECKPOINT_STORE_DIR_CONFIG = "checkpoint.store.dir";
    public static final String GATE_RULES_CONFIG = "gate.rules";
    public static final String CHAMPION_UNAVAILABLE_CONFIG = "champion.unavailable";
    public static final String MIN_VALIDATION_EXAMPLES_CONFIG = "min.validation.examples";
    public static final String ANCHOR_SIZE_CONFIG = "validation.anchor.size";
    public static final String RECENT_SIZE_CONFIG = "validation.recent.size";
    public static final String BASE_MODEL_CONFIG = "base.model";
    public static final String BASE_MODEL_ONNX_CONFIG = "base.model.onnx";
    public static final String BASE_MODEL_TOKENIZER_CONFIG = "base.model.tokenizer";
    public static final String BASE_MODEL_HEADS_CONFIG = "base.model.heads";
    public static final String DEVICE_CONFIG = "device";
    public static final String BATCH_SIZE_CONFIG = "eval.batch.size";
    public static final String METRICS_PORT_CONFIG = "metrics.port";

    /** Prefix of pass-through settings of the checkpoint consumer. */
    public static final String CONSUMER_PREFIX = "consumer.";

    /**
     * Default rules: on the same examples the candidate's macro-F1 is, with 95% confidence, not worse than the
     * champion's by more than 0.005 (recent slice) and 0.01 (anchor slice, so forgetting blocks a promotion), and its
     * log loss is lower (the tie-breaker that still moves when both score a perfect macro-F1).
     */
    public static final String DEFAULT_GATE_RULES = "macro_f1 not_worse_than champion by 0.005 at 0.95; "
            + "log_loss < champion; anchor_macro_f1 not_worse_than champion by 0.01 at 0.95";

    private static final ConfigDef CONFIG = baseConfigDef()
            .define(GROUP_ID_CONFIG, Type.STRING, "streamtune-evaluator", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Consumer group of the checkpoint consumer; its committed offsets say which "
                            + "checkpoints are decided.")
            .define(GROUP_INSTANCE_ID_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Static membership of the checkpoint consumer: a stable name per instance (e.g. the pod name), "
                            + "so a restarted evaluator takes its partitions back at once instead of after the "
                            + "session timeout. Unset: dynamic membership.")
            .define(TRANSACTIONAL_ID_CONFIG, Type.STRING, "streamtune-evaluator", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Transactional id of the producer: a restarted evaluator with the same id "
                            + "fences the old one and aborts its unfinished transaction.")
            .define(CHECKPOINT_DIR_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Root directory of the checkpoint store (the trainer's checkpoint.dir); event locations are "
                            + "resolved inside it only. Formerly checkpoint.store.dir, still read with a warning.")
            .define(GATE_RULES_CONFIG, Type.STRING, DEFAULT_GATE_RULES, EvaluatorConfig::validateRules,
                    Importance.HIGH, "Promotion rules separated by ';', e.g. 'macro_f1 >= 0.9; "
                            + "macro_f1 not_worse_than champion by 0.005 at 0.95; log_loss < champion; "
                            + "anchor_macro_f1 >= champion - 0.01'. Every rule must pass; the forms are listed in the "
                            + "evaluator's README. The default of a task whose spec leaves evaluation.gateRules unset.")
            .define(CHAMPION_UNAVAILABLE_CONFIG, Type.STRING, GatePolicy.ChampionUnavailable.REJECT.name(),
                    ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(GatePolicy.ChampionUnavailable.values())
                            .map(Enum::name).toArray(String[]::new)),
                    Importance.MEDIUM, "When the champion cannot be scored: REJECT every candidate (fail closed) "
                            + "or VALUE_THRESHOLDS_ONLY.")
            .define(MIN_VALIDATION_EXAMPLES_CONFIG, Type.INT, 200, Range.atLeast(1), Importance.HIGH,
                    "No promotion before the recent validation slice holds this many examples (it includes the first "
                            + "ones, so this counts every example seen until the slice is full). The default of a task whose "
                            + "spec leaves evaluation.minValidationExamples unset.")
            .define(ANCHOR_SIZE_CONFIG, Type.INT, 500, Range.atLeast(0), Importance.MEDIUM,
                    "The first examples of each task's validation stream, kept for ever to show forgetting (anchor_ gate "
                            + "rules read them; 0: none, and anchor rules are skipped). The default of a "
                            + "task whose spec leaves evaluation.anchorSize unset.")
            .define(RECENT_SIZE_CONFIG, Type.INT, 2000, Range.atLeast(1), Importance.MEDIUM,
                    "Newest validation examples kept per task, the first ones included while they are among the newest; "
                            + "the gate judges on these. The default of a task whose "
                            + "spec leaves evaluation.recentSize unset.")
            .define(BASE_MODEL_CONFIG, Type.STRING, BaseModelRef.DEFAULT.id(), Importance.MEDIUM,
                    "Base model a first candidate is compared with, named as the trainer names it: "
                            + "all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2, tiny, or onnx:<path> with "
                            + BASE_MODEL_TOKENIZER_CONFIG + ".")
            .define(BASE_MODEL_ONNX_CONFIG, Type.STRING, null, Importance.LOW,
                    "ONNX export of the base model (older form of " + BASE_MODEL_CONFIG + "=onnx:<path>, with "
                            + BASE_MODEL_HEADS_CONFIG + "); when set it wins over " + BASE_MODEL_CONFIG + ".")
            .define(BASE_MODEL_TOKENIZER_CONFIG, Type.STRING, null, Importance.LOW,
                    "tokenizer.json of the base model ([tokenizer:]<path>); required with an onnx: "
                            + BASE_MODEL_CONFIG + " or " + BASE_MODEL_ONNX_CONFIG + ".")
            .define(BASE_MODEL_HEADS_CONFIG, Type.INT, 12, Range.atLeast(1), Importance.LOW,
                    "Attention heads of the base model given by " + BASE_MODEL_ONNX_CONFIG + ".")
            .define(DEVICE_CONFIG, Type.STRING, "auto", ConfigDef.LambdaValidator.with((name, value) -> {
                if (value == null || !String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT).matches("auto|cpu|gpu(:\\d+)?")) {
                    throw new ConfigException(name, value, "must be auto, cpu, gpu or gpu:N");
                }
            }, () -> "auto, cpu, gpu or gpu:N"), Importance.MEDIUM, "Where models are scored.")
            .define(BATCH_SIZE_CONFIG, Type.INT, 32, Range.atLeast(1), Importance.LOW,
                    "Validation examples per forward pass.")
            .define(METRICS_PORT_CONFIG, Type.INT, 9466, Range.between(MetricsServer.DISABLED, 65535),
                    Importance.MEDIUM, "Port of the /metrics and /health endpoint; 0 = any free port, -1 = off.");

    static {
        DriftConfig.define(CONFIG);
    }

    private final SchemaRegistryConfig registry;
    private final GatePolicy gatePolicy;
    private final DriftSettings driftSettings;
    private final BaseModelRef baseModel;

    /** Validates {@code originals}; throws {@link ConfigException} naming the offending key. */
    public EvaluatorConfig(Map<String, ?> originals) {
        super(CONFIG, withoutTaskKeys(RenamedKeys.renamed(originals, CHECKPOINT_STORE_DIR_CONFIG,
                CHECKPOINT_DIR_CONFIG)));
        this.registry = new SchemaRegistryConfig(originals);
        this.gatePolicy = new GatePolicy(ThresholdParser.parseAll(getString(GATE_RULES_CONFIG)),
                getInt(MIN_VALIDATION_EXAMPLES_CONFIG),
                GatePolicy.ChampionUnavailable.valueOf(getString(CHAMPION_UNAVAILABLE_CONFIG).toUpperCase(java.util.Locale.ROOT)));
        if (gatePolicy.minValidationExamples() > recentSize()) {
            throw new ConfigException(MIN_VALIDATION_EXAMPLES_CONFIG, gatePolicy.minValidationExamples(),
                    "must not exceed " + RECENT_SIZE_CONFIG + " (" + recentSize() + "), or nothing is ever promoted");
        }
        this.driftSettings = DriftConfig.settings(this);
        if (getString(BASE_MODEL_ONNX_CONFIG) != null) {
            if (getString(BASE_MODEL_TOKENIZER_CONFIG) == null) {
                throw new ConfigException(BASE_MODEL_ONNX_CONFIG, getString(BASE_MODEL_ONNX_CONFIG),
                        "set both " + BASE_MODEL_ONNX_CONFIG + " and " + BASE_MODEL_TOKENIZER_CONFIG + ", or neither");
            }
            this.baseModel = null;
        } else {
            try {
                this.baseModel = BaseModelRef.parse(getString(BASE_MODEL_CONFIG),
                        getString(BASE_MODEL_TOKENIZER_CONFIG));
            } catch (InvalidBaseModelException e) {
                throw new ConfigException(BASE_MODEL_CONFIG, getString(BASE_MODEL_CONFIG), e.getMessage());
            }
        }
    }

    /** Every key with its description, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** How drift signals are measured ({@code drift.*} keys, {@link DriftConfig}). */
    public DriftSettings driftSettings() {
        return driftSettings;
    }

    public SchemaRegistryConfig registry() {
        return registry;
    }

    /** The gate rules, minimum validation size and champion-unavailable policy. */
    public GatePolicy gatePolicy() {
        return gatePolicy;
    }

    public String groupId() {
        return getString(GROUP_ID_CONFIG);
    }

    /** Static group membership id of the checkpoint consumer, or {@code null}. */
    public String groupInstanceId() {
        String id = getString(GROUP_INSTANCE_ID_CONFIG);
        return id == null || id.isBlank() ? null : id.trim();
    }

    public String transactionalId() {
        return getString(TRANSACTIONAL_ID_CONFIG);
    }

    public Path checkpointDir() {
        return Path.of(getString(CHECKPOINT_DIR_CONFIG));
    }

    public int anchorSize() {
        return getInt(ANCHOR_SIZE_CONFIG);
    }

    public int recentSize() {
        return getInt(RECENT_SIZE_CONFIG);
    }

    /** The base model by reference ({@value #BASE_MODEL_CONFIG}); null when {@link #baseModelOnnx()} is set. */
    public BaseModelRef baseModel() {
        return baseModel;
    }

    /** The base model's ONNX export ({@value #BASE_MODEL_ONNX_CONFIG}), or {@code null} for {@link #baseModel()}. */
    public Path baseModelOnnx() {
        String value = getString(BASE_MODEL_ONNX_CONFIG);
        return value == null ? null : Path.of(value);
    }

    public Path baseModelTokenizer() {
        String value = getString(BASE_MODEL_TOKENIZER_CONFIG);
        return value == null ? null : Path.of(value);
    }

    public int baseModelHeads() {
        return getInt(BASE_MODEL_HEADS_CONFIG);
    }

    public String device() {
        return getString(DEVICE_CONFIG).trim().toLowerCase(java.util.Locale.ROOT);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    public int metricsPort() {
        return getInt(METRICS_PORT_CONFIG);
    }

    /** Pass-through settings of the checkpoint consumer ({@code consumer.*}, prefix removed). */
    public Map<String, Object> consumerOverrides() {
        return originalsWithPrefix(CONSUMER_PREFIX);
    }

    /**
     * The checkpoint consumer: the evaluators' group, committed checkpoint events only, one per poll (scoring one
     * takes seconds to minutes, and each is its own transaction), then the {@code consumer.*} keys, which win.
     */
    public Map<String, Object> checkpointConsumerConfigs() {
        Map<String, Object> props = readCommittedConsumerConfigs();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId() + "-checkpoints");
        if (groupInstanceId() != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId());
        }
        props.putAll(consumerOverrides());
        return props;
    }

    /** The consumer of validation examples and promotions: no group, every instance reads both topics whole. */
    public Map<String, Object> stateConsumerConfigs() {
        Map<String, Object> props = readCommittedConsumerConfigs();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId() + "-state");
        return props;
    }

    /** The producer of evaluations and promotions, which commits each checkpoint's offset in the same transaction. */
    public Map<String, Object> decisionProducerConfigs() {
        Map<String, Object> props = transactionalProducerConfigs(transactionalId());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId() + "-producer");
        // Evaluations and promotions are small events; their bound lives with every other size limit.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_EVENT_BYTES);
        return props;
    }

    /** Every key with its value, the registry's included; secrets print as {@code [hidden]}. */
    @Override
    public String toString() {
        return super.toString() + " " + registry;
    }

    private static Map<String, ?> withoutTaskKeys(Map<String, ?> originals) {
        originals.keySet().stream()
                .filter(key -> key.equals(TaskKeys.TASKS_CONFIG) || key.startsWith(TaskKeys.TASK_PREFIX))
                .findFirst().ifPresent(key -> {
                    throw new ConfigException(key, originals.get(key), "the evaluator judges the checkpoints of "
                            + "every task, takes each task's labels from its checkpoint and its gate from its spec on "
                            + "the tasks topic: remove " + TaskKeys.TASKS_CONFIG + " and " + TaskKeys.TASK_PREFIX
                            + "* from its configuration");
                });
        return originals;
    }

    private static void validateRules(String name, Object value) {
        try {
            if (value == null || ThresholdParser.parseAll(String.valueOf(value)).isEmpty()) {
                throw new ConfigException(name, value, "give at least one rule, e.g. '" + DEFAULT_GATE_RULES + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }
}
