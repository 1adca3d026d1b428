package io.streamtune.launcher.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.schemas.TaskSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A {@link TaskSpec} as JSON (what {@code task describe --json} and {@code task create} print, and what
 * {@code --from-file} reads back) and as flat {@code path: value} pairs for people. Unset settings are left out:
 * they are the services' defaults.
 */
public final class TaskSpecJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private TaskSpecJson() {
    }

    /** The set fields of {@code record}, nested records as objects, times as ISO-8601 text. */
    public static ObjectNode toJson(SpecificRecordBase record) {
        ObjectNode node = MAPPER.createObjectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value == null) {
                continue;
            }
            if (value instanceof SpecificRecordBase nested) {
                ObjectNode child = toJson(nested);
                if (!child.isEmpty()) {
                    node.set(field.name(), child);
                }
            } else if (value instanceof Instant || value instanceof CharSequence || value instanceof Enum<?>) {
                node.put(field.name(), value.toString());
            } else {
                node.set(field.name(), MAPPER.valueToTree(value));
            }
        }
        return node;
    }

    /** The set fields of {@code spec} as {@code path -> value} ({@code training.learningRate -> 5.0E-5}). */
    public static Map<String, String> flat(TaskSpec spec) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", toJson(spec), flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        node.fields().forEachRemaining(entry -> {
            String path = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(path + ".", value, flat);
            } else if (value.isArray()) {
                StringBuilder items = new StringBuilder();
                value.forEach(item -> items.append(items.length() == 0 ? "" : ",").append(item.asText()));
                flat.put(path, items.toString());
            } else {
                flat.put(path, value.asText());
            }
        });
    }
}
