package io.streamtune.common.config;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The task keys every service config shares: {@code tasks} lists the task names and {@code task.<name>.<key>}
 * configures one of them (at least {@code task.<name>.labels}). Task keys are dynamic, so a config's
 * {@link ConfigDef} is built from {@link #taskNames} before the values are parsed.
 */
public final class TaskKeys {

    public static final String TASKS_CONFIG = "tasks";
    public static final String TASK_PREFIX = "task.";
    public static final String LABELS = "labels";

    private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern TASK_KEY = Pattern.compile("task\\.([^.]+)\\..+");

    private TaskKeys() {
    }

    /** The key of one task's setting: {@code task.<task>.<key>}. */
    public static String key(String task, String key) {
        return TASK_PREFIX + task + "." + key;
    }

    /** The validated task names of raw configuration, needed before the definitions can be built. */
    public static List<String> taskNames(Map<String, ?> originals) {
        Object raw = originals.get(TASKS_CONFIG);
        if (raw == null) {
            throw new ConfigException("Missing required configuration \"" + TASKS_CONFIG
                    + "\": list the tasks, e.g. tasks=spam, and give each its labels, e.g. task.spam.labels=ham,spam");
        }
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) ConfigDef.parseType(TASKS_CONFIG, raw, ConfigDef.Type.LIST);
        validateTaskNames(TASKS_CONFIG, names);
        return names;
    }

    /** Each task's settings built by {@code settings}, unmodifiable, in the order {@code taskNames} declares them. */
    public static <T> Map<String, T> inDeclaredOrder(List<String> taskNames, Function<String, T> settings) {
        Map<String, T> result = new LinkedHashMap<>();
        for (String name : taskNames) {
            result.put(name, settings.apply(name));
        }
        return Collections.unmodifiableMap(result);
    }

    /** Validator of {@code tasks}: at least one, distinct, letters, digits, '_' or '-'. */
    public static void validateTaskNames(String name, Object value) {
        List<?> names = (List<?>) value;
        if (names == null || names.isEmpty()) {
            throw new ConfigException(name, value, "name at least one task");
        }
        for (Object task : names) {
            if (!TASK_NAME.matcher(String.valueOf(task)).matches()) {
                throw new ConfigException(name, value, "task name '" + task + "' must be letters, digits, '_' or '-' "
                        + "(it is part of config keys, shard ids, transactional ids and checkpoint paths)");
            }
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new ConfigException(name, value, "task names must be distinct");
        }
    }

    /** Validator of a label list: at least {@code minimum} labels, none blank, all distinct. */
    public static ConfigDef.Validator labels(int minimum) {
        return (name, value) -> {
            List<?> labels = (List<?>) value;
            if (labels == null || labels.size() < minimum) {
                throw new ConfigException(name, value, minimum == 1 ? "name at least one label"
                        : "name at least " + minimum + " labels");
            }
            if (labels.stream().anyMatch(label -> String.valueOf(label).isBlank())) {
                throw new ConfigException(name, value, "labels must not be blank");
            }
            if (new HashSet<>(labels).size() != labels.size()) {
                throw new ConfigException(name, value, "labels must be distinct");
            }
        };
    }

    /** Refuses {@code task.<name>.*} keys of tasks that {@code tasks} does not list (usually a typo). */
    public static void requireListed(Map<String, ?> originals, List<String> taskNames) {
        Set<String> names = Set.copyOf(taskNames);
        for (String key : originals.keySet()) {
            Matcher matcher = TASK_KEY.matcher(key);
            if (matcher.matches() && !names.contains(matcher.group(1))) {
                throw new ConfigException(key, originals.get(key),
                        "task '" + matcher.group(1) + "' is not listed in " + TASKS_CONFIG + " " + taskNames);
            }
        }
    }
}
