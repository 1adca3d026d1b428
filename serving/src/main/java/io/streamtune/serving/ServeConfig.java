package io.streamtune.serving;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            }, () -> "auto, cpu, gpu or gpu:N"), Importance.MEDIUM, "Where the DJL runtime scores.");

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
}
