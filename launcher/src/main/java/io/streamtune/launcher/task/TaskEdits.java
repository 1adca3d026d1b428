package io.streamtune.launcher.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.schemas.TaskSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Settings to put into a {@link TaskSpec}, by field path ({@code labels}, {@code baseModel},
 * {@code training.learningRate}, ...), each checked against the {@code TaskSpec} schema and converted to the field's
 * type as it is set. Problems (an unknown field, a value of the wrong type) are collected, not thrown, so that a
 * refused spec lists every one. Command-line options and {@code --from-file} both end up here.
 */
public final class TaskEdits {

    /** Fields the CLI writes itself: the record key, the state ({@code pause}/{@code resume}) and who wrote when. */
    static final Set<String> WRITTEN_BY_THE_CLI = Set.of("name", "state", "updatedAt", "updatedBy");

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Sets {@code path} to {@code value} (a JSON or YAML node); a null or JSON-null value leaves the field alone. */
    public TaskEdits set(String path, JsonNode value) {
        if (value == null || value.isNull()) {
            return this;
        }
        Optional<Schema> type = leafType(path);
        if (type.isEmpty()) {
            return this;
        }
        try {
            values.put(path, convert(type.get(), value));
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
        }
        return this;
    }

    /** Sets {@code path} to a value given as a Java object (a command-line option); null leaves the field alone. */
    public TaskEdits set(String path, Object value) {
        return value == null ? this : set(path, TaskSpecJson.MAPPER.valueToTree(value));
    }

    /** Adds a problem found while reading the settings (e.g. in a file). */
    TaskEdits problem(String problem) {
        problems.add(problem);
        return this;
    }

    /** {@code other}'s settings and problems over these: what a command-line option says wins over the file. */
    public TaskEdits overriddenBy(TaskEdits other) {
        TaskEdits merged = new TaskEdits();
        merged.values.putAll(values);
        merged.values.putAll(other.values);
        merged.problems.addAll(problems);
        merged.problems.addAll(other.problems);
        return merged;
    }

    /** The converted values by field path, in the order they were set. */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** What could not be set; empty when every setting was understood. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The schema of the (non-null branch of the) field at {@code path}, or a problem naming the known fields. */
    private Optional<Schema> leafType(String path) {
        if (WRITTEN_BY_THE_CLI.contains(path)) {
            problems.add(path + ": written by the CLI itself (the task name is the command's argument; the state "
                    + "changes with 'task pause' and 'task resume')");
            return Optional.empty();
        }
        Schema record = TaskSpec.getClassSchema();
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            Schema.Field field = record.getField(parts[i]);
            if (field == null) {
                String prefix = String.join(".", Arrays.copyOf(parts, i));
                problems.add("unknown setting '" + path + "'; known" + (prefix.isEmpty() ? "" : " in " + prefix)
                        + ": " + knownFields(record));
                return Optional.empty();
            }
            Schema type = nonNull(field.schema());
            if (i == parts.length - 1) {
                if (type.getType() == Schema.Type.RECORD) {
                    problems.add(path + ": a group of settings; set its fields, e.g. " + path + "."
                            + type.getFields().get(0).name());
                    return Optional.empty();
                }
                return Optional.of(type);
            }
            if (type.getType() != Schema.Type.RECORD) {
                problems.add("unknown setting '" + path + "': " + parts[i] + " has no fields");
                return Optional.empty();
            }
            record = type;
        }
        return Optional.empty();
    }

    /** Field names of {@code record} that a user may set. */
    static List<String> knownFields(Schema record) {
        return record.getFields().stream().map(Schema.Field::name).filter(n -> !WRITTEN_BY_THE_CLI.contains(n))
                .toList();
    }

    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }

    private static Object convert(Schema type, JsonNode value) {
        return switch (type.getType()) {
            case STRING -> text(value);
            case INT -> Math.toIntExact(integral(value));
            case LONG -> integral(value);
            case DOUBLE -> decimal(value);
            case ARRAY -> strings(value);
            default -> throw new IllegalArgumentException("cannot be set here (" + type.getType() + ")");
        };
    }

    private static String text(JsonNode value) {
        if (!value.isValueNode() || value.isBoolean()) {
            throw new IllegalArgumentException("expected text, was " + value);
        }
        return value.asText();
    }

    private static long integral(JsonNode value) {
        return number(value, value.isIntegralNumber(), JsonNode::asLong, Long::parseLong, "a whole number");
    }

    private static double decimal(JsonNode value) {
        return number(value, value.isNumber(), JsonNode::asDouble, Double::parseDouble, "a number");
    }

    /** A number node as it is, or text that parses as one: YAML and the command line may give numbers as text. */
    private static <T> T number(JsonNode value, boolean isNumber, Function<JsonNode, T> asNumber,
            Function<String, T> parse, String expected) {
        if (isNumber) {
            return asNumber.apply(value);
        }
        try {
            return parse.apply(text(value).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected " + expected + ", was " + value);
        }
    }

    /** A list of strings, from a JSON/YAML list or from comma-separated text ({@code billing,bug,other}). */
    private static List<String> strings(JsonNode value) {
        List<String> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> items.add(text(item).trim()));
        } else {
            Arrays.stream(text(value).split(",", -1)).map(String::trim).forEach(items::add);
        }
        return List.copyOf(items);
    }
}
