package io.streamtune.serving;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed, validated configuration of the serve server: Kafka connection (inherited; the promotions topic is read
 * with it), schema registry ({@link SchemaRegistryConfig} keys), the checkpoint store the promotions point into,
 * which tasks to serve and on which runtime. For example:
 *
 * <pre>
 * bootstrap.servers=127.0.0.1:9092
 * schema.registry.url=http://127.0.0.1:8081/apis/ccompat/v7
 * checkpoint.dir=/var/lib/streamtune/checkpoints
 * tasks=spam
 * </pre>
 */
public final class ServeConfig extends KafkaConnectionConfig {

    /** The checkpoint store's root, the key the trainer and evaluator use for the same directory. */
    public static final String CHECKPOINT_DIR_CONFIG = "checkpoint.dir";
    public static final String TASKS_CONFIG = "tasks";
    public static final String RUNTIME_CONFIG = "runtime";
    public static final String DEVICE_CONFIG = "device";

    // Kafka-native inference (inference.requests -> inference.predictions), io.streamtune.serving.kafka.
    public static final String INFERENCE_ENABLED_CONFIG = "inference.enabled";
    public static final String INFERENCE_GROUP_ID_CONFIG = "inference.group.id";
    public static final String INFERENCE_GROUP_INSTANCE_ID_CONFIG = "inference.group.instance.id";
    public static final String INFERENCE_TRANSACTIONAL_ID_CONFIG = "inference.transactional.id";
    public static final String INFERENCE_MAX_BATCH_CONFIG = "inference.max.batch";
    public static final String INFERENCE_MAX_POLL_RECORDS_CONFIG = "inference.max.poll.records";
    public static final String INFERENCE_MAX_TEXT_CHARS_CONFIG = "inference.max.text.chars";
    public static final String INFERENCE_CHAMPION_WAIT_MS_CONFIG = "inference.champion.wait.ms";

    /** Runtimes a champion can be scored on. */
    public enum Runtime {
        /** DJL's PyTorch engine on the checkpoint's parameters, as the evaluator scores it. */
        DJL,
        /** ONNX Runtime on the checkpoint exported as an ONNX graph. */
        ONNX
    }

    private static final ConfigDef CONFIG = baseConfigDef()
            .define(CHECKPOINT_DIR_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Root directory of the checkpoint store (the trainer's checkpoint.dir); a "
                            + "promotion's location is resolved inside it only.")
            .define(TASKS_CONFIG, Type.LIST, List.of(), Importance.HIGH,
                    "Tasks to serve, comma-separated; empty: every task that has a champion on the promotions topic.")
            .define(RUNTIME_CONFIG, Type.STRING, Runtime.DJL.name(),
                    ConfigDef.CaseInsensitiveValidString.in(java.util.Arrays.stream(Runtime.values())
                            .map(Enum::name).toArray(String[]::new)),
                    Importance.MEDIUM, "What scores the champion: DJL (PyTorch, as the evaluator) or ONNX (ONNX "
                            + "Runtime on the champion exported as ONNX).")
            .define(DEVICE_CONFIG, Type.STRING, "cpu", ConfigDef.LambdaValidator.with((name, value) -> {
                if (value == null || !String.valueOf(value).trim().toLowerCase(Locale.ROOT)
                        .matches("auto|cpu|gpu(:\\d+)?")) {
                    throw new ConfigException(name, value, "must be auto, cpu, gpu or gpu:N");
                }
            }, () -> "auto, cpu, gpu or gpu:N"), Importance.MEDIUM, "Where the DJL runtime scores.")
            .define(INFERENCE_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.HIGH,
                    "Score the records of inference.requests into inference.predictions (exactly once; refused "
                            + "requests go to inference.requests.dlq with a reason).")
            .define(INFERENCE_GROUP_ID_CONFIG, Type.STRING, "streamtune-serve", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Consumer group of the request consumer: serve instances with the same group "
                            + "share the partitions of inference.requests; its committed offsets say what is answered.")
            .define(INFERENCE_GROUP_INSTANCE_ID_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Static membership of the request consumer: a stable name per instance (e.g. the pod name), so a "
                            + "restarted instance takes its partitions back at once. Unset: dynamic membership.")
            .define(INFERENCE_TRANSACTIONAL_ID_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Transactional id of the prediction producer, unique per instance: a restarted instance with "
                            + "the same id aborts its predecessor's open transaction at once. Unset: "
                            + "<inference.group.id>-<inference.group.instance.id> with static membership, else "
                            + "<inference.group.id>- and a random suffix.")
            .define(INFERENCE_MAX_BATCH_CONFIG, Type.INT, 32, ConfigDef.Range.between(1, 4096), Importance.MEDIUM,
                    "Most texts of one task scored in one model call.")
            .define(INFERENCE_MAX_POLL_RECORDS_CONFIG, Type.INT, 256, ConfigDef.Range.between(1, 100_000),
                    Importance.LOW, "Most requests one poll returns; one poll's answers are one transaction.")
            .define(INFERENCE_MAX_TEXT_CHARS_CONFIG, Type.INT, 10_000,
                    ConfigDef.Range.between(1, RecordSizeLimits.MAX_EVENT_BYTES), Importance.MEDIUM,
                    "Longest text a request may carry, in characters (code points); longer ones are dead-lettered as "
                            + "TEXT_TOO_LONG.")
            .define(INFERENCE_CHAMPION_WAIT_MS_CONFIG, Type.LONG, 600_000L, ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM, "How long a request of a served task that has no champion loaded yet waits "
                            + "(its partition paused at it) before it is dead-lettered as NO_CHAMPION.");

    private final SchemaRegistryConfig registry;

    /** Validates {@code originals}; throws {@link ConfigException} naming the offending key. */
    public ServeConfig(Map<String, ?> originals) {
        super(CONFIG, originals);
        this.registry = new SchemaRegistryConfig(originals);
    }

    /** Every key with its description, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public SchemaRegistryConfig registry() {
        return registry;
    }

    public Path checkpointDir() {
        return Path.of(getString(CHECKPOINT_DIR_CONFIG));
    }

    /** Tasks to serve; empty means every task with a champion. */
    public List<String> tasks() {
        return getList(TASKS_CONFIG).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    public Runtime runtime() {
        return Runtime.valueOf(getString(RUNTIME_CONFIG).trim().toUpperCase(Locale.ROOT));
    }

    public String device() {
        return getString(DEVICE_CONFIG).trim().toLowerCase(Locale.ROOT);
    }

    public boolean inferenceEnabled() {
        return getBoolean(INFERENCE_ENABLED_CONFIG);
    }

    public String inferenceGroupId() {
        return getString(INFERENCE_GROUP_ID_CONFIG).trim();
    }

    /** Static group membership id of the request consumer, or {@code null}. */
    public String inferenceGroupInstanceId() {
        String id = getString(INFERENCE_GROUP_INSTANCE_ID_CONFIG);
        return id == null || id.isBlank() ? null : id.trim();
    }

    /**
     * The prediction producer's transactional id: as configured, else derived from the static membership id, else
     * random (a crashed instance's open transaction then blocks read_committed readers until it times out).
     */
    public String inferenceTransactionalId() {
        String id = getString(INFERENCE_TRANSACTIONAL_ID_CONFIG);
        if (id != null && !id.isBlank()) {
            return id.trim();
        }
        return inferenceGroupId() + "-" + (inferenceGroupInstanceId() != null ? inferenceGroupInstanceId()
                : UUID.randomUUID().toString());
    }

    public int inferenceMaxBatch() {
        return getInt(INFERENCE_MAX_BATCH_CONFIG);
    }

    public int inferenceMaxTextChars() {
        return getInt(INFERENCE_MAX_TEXT_CHARS_CONFIG);
    }

    public Duration inferenceChampionWait() {
        return Duration.ofMillis(getLong(INFERENCE_CHAMPION_WAIT_MS_CONFIG));
    }

    /**
     * The request consumer: the serve group, committed requests only, offsets committed only in the prediction
     * transactions; a new group starts from the earliest request so that none is left unanswered.
     */
    public Map<String, Object> inferenceConsumerConfigs() {
        Map<String, Object> props = readCommittedConsumerConfigs();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, inferenceGroupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, getInt(INFERENCE_MAX_POLL_RECORDS_CONFIG));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, inferenceGroupId() + "-requests");
        if (inferenceGroupInstanceId() != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, inferenceGroupInstanceId());
        }
        return props;
    }

    /**
     * The transactional producer of predictions and dead letters, which commits the consumed offsets in the same
     * transaction; it sends dead letters that carry a whole request.
     *
     * @param transactionalId {@link #inferenceTransactionalId()}, fetched once (it may be random)
     */
    public Map<String, Object> inferenceProducerConfigs(String transactionalId) {
        Map<String, Object> props = transactionalProducerConfigs(transactionalId);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId + "-producer");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_DEAD_LETTER_BYTES);
        return props;
    }
}
