package io.streamtune.serving;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.serving.http.HttpSettings;
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

    // serve over HTTP (the Open Inference Protocol server)
    public static final String HTTP_HOST_CONFIG = "http.host";
    public static final String HTTP_PORT_CONFIG = "http.port";
    public static final String HTTP_THREADS_CONFIG = "http.threads";
    public static final String HTTP_MAX_QUEUED_CONFIG = "http.max.queued.requests";
    public static final String HTTP_MAX_REQUEST_BYTES_CONFIG = "http.max.request.bytes";
    public static final String HTTP_MAX_BATCH_CONFIG = "http.max.batch";
    public static final String HTTP_MAX_TEXT_CHARS_CONFIG = "http.max.text.chars";
    public static final String HTTP_SHUTDOWN_GRACE_MS_CONFIG = "http.shutdown.grace.ms";
    public static final String HTTP_AUTH_TOKEN_CONFIG = "http.auth.token";
    public static final String HTTP_AUTH_TOKEN_FILE_CONFIG = "http.auth.token.file";
    public static final String HTTP_TLS_KEYSTORE_LOCATION_CONFIG = "http.tls.keystore.location";
    public static final String HTTP_TLS_KEYSTORE_PASSWORD_CONFIG = "http.tls.keystore.password";
    public static final String HTTP_TLS_KEYSTORE_TYPE_CONFIG = "http.tls.keystore.type";
    public static final String HTTP_TLS_KEY_PASSWORD_CONFIG = "http.tls.key.password";
    public static final String HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG = "http.tls.truststore.location";
    public static final String HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG = "http.tls.truststore.password";
    public static final String HTTP_TLS_TRUSTSTORE_TYPE_CONFIG = "http.tls.truststore.type";
    public static final String HTTP_TLS_CLIENT_AUTH_CONFIG = "http.tls.client.auth";

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
            .define(RUNTIME_CONFIG, Type.STRING, Runtime.ONNX.name(),
                    ConfigDef.CaseInsensitiveValidString.in(java.util.Arrays.stream(Runtime.values())
                            .map(Enum::name).toArray(String[]::new)),
                    Importance.MEDIUM, "What scores the champion: ONNX (ONNX Runtime on the champion exported as "
                            + "ONNX in memory; the faster on CPU, see serving/README.md) or DJL (PyTorch, as the "
                            + "evaluator scores; device applies).")
            .define(DEVICE_CONFIG, Type.STRING, "cpu", ConfigDef.LambdaValidator.with((name, value) -> {
                if (value == null || !String.valueOf(value).trim().toLowerCase(Locale.ROOT)
                        .matches("auto|cpu|gpu(:\\d+)?")) {
                    throw new ConfigException(name, value, "must be auto, cpu, gpu or gpu:N");
                }
            }, () -> "auto, cpu, gpu or gpu:N"), Importance.MEDIUM, "Where the DJL runtime scores.")
            // serve over HTTP (the Open Inference Protocol server); checked together by HttpKeys
            .define(HTTP_HOST_CONFIG, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Address the HTTP server binds: loopback only by default; 0.0.0.0 for every interface (then "
                            + "configure TLS and authentication).")
            .define(HTTP_PORT_CONFIG, Type.INT, 8080, ConfigDef.Range.between(0, 65535), Importance.HIGH,
                    "HTTP port; 0 picks a free one.")
            .define(HTTP_THREADS_CONFIG, Type.INT, 4, ConfigDef.Range.between(1, 256), Importance.MEDIUM,
                    "Requests handled at the same time (each scores on its own thread).")
            .define(HTTP_MAX_QUEUED_CONFIG, Type.INT, 256, ConfigDef.Range.between(1, 100_000), Importance.LOW,
                    "Requests that may wait for a thread; beyond that a new request's connection is closed.")
            .define(HTTP_MAX_REQUEST_BYTES_CONFIG, Type.INT, 4 << 20, ConfigDef.Range.between(1024, 1 << 30),
                    Importance.MEDIUM, "Largest request body; a larger one is answered 413.")
            .define(HTTP_MAX_BATCH_CONFIG, Type.INT, 64, ConfigDef.Range.between(1, 100_000), Importance.MEDIUM,
                    "Most texts in one infer request; more are answered 400.")
            .define(HTTP_MAX_TEXT_CHARS_CONFIG, Type.INT, 20_000, ConfigDef.Range.between(1, 10_000_000),
                    Importance.MEDIUM, "Longest text in characters; a longer one is answered 400 (the model reads "
                            + "only its first tokens anyway).")
            .define(HTTP_SHUTDOWN_GRACE_MS_CONFIG, Type.LONG, 10_000L, ConfigDef.Range.between(0, 600_000),
                    Importance.LOW, "On stop: how long requests in flight may take to finish after the server "
                            + "stopped accepting new ones.")
            .define(HTTP_AUTH_TOKEN_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "Bearer token every request but /v2/health/* must carry (Authorization: Bearer TOKEN); unset: "
                            + "no token (secret).")
            .define(HTTP_AUTH_TOKEN_FILE_CONFIG, Type.STRING, null, Importance.HIGH,
                    "File holding the bearer token (e.g. a mounted secret), instead of http.auth.token.")
            .define(HTTP_TLS_KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.HIGH,
                    "Keystore with the server's key and certificate: set, the server speaks HTTPS only.")
            .define(HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "Keystore password (secret).")
            .define(HTTP_TLS_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW,
                    "Keystore type (PKCS12 or JKS).")
            .define(HTTP_TLS_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                    "Password of the key in the keystore when it differs from the keystore's (secret).")
            .define(HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Truststore with the CA that signs client certificates, for mutual TLS.")
            .define(HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "Truststore password (secret).")
            .define(HTTP_TLS_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW,
                    "Truststore type (PKCS12 or JKS).")
            .define(HTTP_TLS_CLIENT_AUTH_CONFIG, Type.STRING, "none", ConfigDef.CaseInsensitiveValidString.in(
                    "none", "required"), Importance.MEDIUM, "required: mutual TLS, every client presents a "
                            + "certificate signed by a CA of the truststore.")
            // Kafka-native inference (io.streamtune.serving.kafka)
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
    private final HttpSettings http;

    /** Validates {@code originals}; throws {@link ConfigException} naming the offending key. */
    public ServeConfig(Map<String, ?> originals) {
        super(CONFIG, originals);
        this.registry = new SchemaRegistryConfig(originals);
        this.http = HttpKeys.settings(this);
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

    /** The HTTP server's settings, checked together (TLS stores readable, one token source, ...). */
    public HttpSettings http() {
        return http;
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
