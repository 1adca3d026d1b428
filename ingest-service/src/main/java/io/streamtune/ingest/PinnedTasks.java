package io.streamtune.ingest;

import io.streamtune.common.config.TaskKeys;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.schemas.TaskIngest;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.tasks.TaskSpecs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The tasks a config file pins ({@code tasks=} with {@code task.<name>.*}) for a fixed deployment: their keys, and
 * the specs they make. A key left unset stays null in the spec, i.e. the service-wide default, as on the topic.
 */
final class PinnedTasks {

    private PinnedTasks() {
    }

    /** The names {@code tasks} lists; none when it is absent or blank (every task then comes from the topic). */
    static List<String> names(Map<String, ?> originals) {
        Object raw = originals.get(IngestConfig.TASKS_CONFIG);
        if (raw == null || raw instanceof String text && text.isBlank()) {
            return List.of();
        }
        return TaskKeys.taskNames(originals);
    }

    /** Validator of {@code tasks}: empty, or names as {@link TaskKeys#validateTaskNames} demands. */
    static void validateNames(String name, Object value) {
        if (value != null && !((List<?>) value).isEmpty()) {
            TaskKeys.validateTaskNames(name, value);
        }
    }

    /** Defines {@code task.<task>.*}: the labels, and overrides of the service-wide keys of the same name. */
    static void define(ConfigDef def, String task) {
        String prefix = IngestConfig.TASK_PREFIX + task + ".";
        def.define(prefix + IngestConfig.TASK_LABELS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, TaskKeys.labels(1),
                Importance.HIGH, "Label set of task " + task + ".");
        override(def, task, IngestConfig.MAX_TEXT_CHARS_CONFIG, Type.INT,
                Range.between(1, RecordSizeLimits.MAX_TEXT_CHARS));
        override(def, task, IngestConfig.FEATURE_DIMENSION_CONFIG, Type.INT, Range.atLeast(0));
        override(def, task, IngestConfig.VALIDATION_FRACTION_CONFIG, Type.DOUBLE, Range.between(0.0, 1.0));
        override(def, task, IngestConfig.SHARD_MAX_EXAMPLES_CONFIG, Type.INT, Range.atLeast(1));
        override(def, task, IngestConfig.SHARD_MAX_AGE_MS_CONFIG, Type.LONG, Range.atLeast(1));
    }

    /** The pinned tasks as specs, in the order of {@code tasks}. */
    static Map<String, TaskSpec> read(IngestConfig config) {
        List<String> names = config.getList(IngestConfig.TASKS_CONFIG);
        TaskKeys.requireListed(config.originals(), names);
        return TaskKeys.inDeclaredOrder(names, name -> {
            String prefix = IngestConfig.TASK_PREFIX + name + ".";
            TaskIngest ingest = TaskIngest.newBuilder()
                    .setMaxTextChars(config.getInt(prefix + IngestConfig.MAX_TEXT_CHARS_CONFIG))
                    .setFeatureDimension(config.getInt(prefix + IngestConfig.FEATURE_DIMENSION_CONFIG))
                    .setValidationFraction(config.getDouble(prefix + IngestConfig.VALIDATION_FRACTION_CONFIG))
                    .setShardMaxExamples(config.getInt(prefix + IngestConfig.SHARD_MAX_EXAMPLES_CONFIG))
                    .setShardMaxAgeMs(config.getLong(prefix + IngestConfig.SHARD_MAX_AGE_MS_CONFIG))
                    .build();
            return TaskSpecs.of(name, config.getList(prefix + IngestConfig.TASK_LABELS), Instant.EPOCH)
                    .setIngest(ingest).setUpdatedBy("static config").build();
        });
    }

    private static void override(ConfigDef def, String task, String key, Type type, ConfigDef.Validator range) {
        def.define(IngestConfig.TASK_PREFIX + task + "." + key, type, null, (name, value) -> {
            if (value != null) {
                range.ensureValid(name, value);
            }
        }, Importance.LOW, "Overrides " + key + " for task " + task + ".");
    }
}
