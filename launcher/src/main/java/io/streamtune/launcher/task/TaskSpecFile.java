package io.streamtune.launcher.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamtune.schemas.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Reads a task's settings from a JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}) file with the field
 * names of the {@code TaskSpec} schema, for example:
 *
 * <pre>
 * labels: [billing, bug, other]
 * baseModel: bge-small-en-v1.5
 * training: {mode: top-k, topK: 2, learningRate: 5.0e-5}
 * evaluation: {gateRules: "macro_f1 &gt;= 0.8; macro_f1 &gt;= champion - 0.005"}
 * </pre>
 *
 * A {@code name} in the file must be the command's task name. Every problem is collected into the edits.
 */
public final class TaskSpecFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TaskSpecFile() {
    }

    /** The settings of {@code file} for task {@code task}; unreadable files and unknown fields become problems. */
    public static TaskEdits read(Path file, String task) {
        TaskEdits edits = new TaskEdits();
        JsonNode root = parse(file, edits);
        if (root == null) {
            return edits;
        }
        JsonNode fileName = root.get("name");
        if (fileName != null && !fileName.asText().equals(task)) {
            edits.problem(file + ": names task '" + fileName.asText() + "', not '" + task + "'");
        }
        collect("", TaskSpec.getClassSchema(), root, edits);
        return edits;
    }

    /** The file's object of settings; null (and a problem in {@code edits}) when there is none. */
    private static JsonNode parse(Path file, TaskEdits edits) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? JSON
                : name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : null;
        if (mapper == null) {
            edits.problem(file + ": name it .json, .yaml or .yml, so its format is clear");
            return null;
        }
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            edits.problem(file + ": not valid " + (mapper == JSON ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            edits.problem("cannot read " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            return null;
        }
        if (root == null || !root.isObject()) {
            edits.problem(file + ": expected an object of task settings (labels, baseModel, training, ...)");
            return null;
        }
        return root;
    }

    /** Sets every leaf of {@code node}, recursing into the objects that stand for nested records. */
    private static void collect(String prefix, Schema record, JsonNode node, TaskEdits edits) {
        node.fields().forEachRemaining(entry -> {
            String path = prefix + entry.getKey();
            if (prefix.isEmpty() && "name".equals(path)) {
                return;
            }
            Schema.Field field = record.getField(entry.getKey());
            boolean nested = field != null && TaskEdits.nonNull(field.schema()).getType() == Schema.Type.RECORD;
            if (nested && entry.getValue().isObject()) {
                collect(path + ".", TaskEdits.nonNull(field.schema()), entry.getValue(), edits);
            } else {
                edits.set(path, entry.getValue());
            }
        });
    }
}
