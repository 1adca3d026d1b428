package io.streamtune.launcher.produce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.schemas.LabeledExample;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Labeled examples from JSON lines, one object per line: {@code {"id": "t-1", "text": "…", "label": "billing"}},
 * optionally {@code "source"} and {@code "eventTime"} (ISO-8601 or epoch milliseconds; default: now). Pure: every
 * problem is collected with its line number, so nothing is sent when any line is wrong.
 */
public final class ExampleLines {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("id", "text", "label", "source", "eventTime");

    /**
     * The examples of {@code lines} and the problems found.
     *
     * @param examples one per non-blank line when {@code problems} is empty
     * @param problems "line N: …" for each line that cannot become an example
     */
    public record Parsed(List<LabeledExample> examples, List<String> problems) {
    }

    private ExampleLines() {
    }

    /** Parses {@code lines} as examples of {@code task}; blank lines are skipped. */
    public static Parsed parse(List<String> lines, String task, Instant now) {
        List<LabeledExample> examples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                examples.add(example(JSON.readTree(line), task, now));
            } catch (JsonProcessingException e) {
                problems.add("line " + (i + 1) + ": not a JSON object (" + e.getOriginalMessage() + ")");
            } catch (IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Parsed(examples, problems);
    }

    private static LabeledExample example(JsonNode node, String task, Instant now) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object such as {\"id\": \"t-1\", \"text\": \"…\", "
                    + "\"label\": \"…\"}");
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "', expected " + FIELDS.stream()
                        .sorted().toList());
            }
        });
        return LabeledExample.newBuilder().setId(required(node, "id")).setTask(task).setText(required(node, "text"))
                .setLabel(required(node, "label")).setSource(optional(node, "source"))
                .setEventTime(eventTime(node.get("eventTime"), now)).build();
    }

    private static String required(JsonNode node, String field) {
        String value = optional(node, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' is missing or empty");
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static Instant eventTime(JsonNode value, Instant now) {
        if (value == null || value.isNull()) {
            return now;
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'eventTime' must be ISO-8601 (2026-12-05T10:00:00Z) or epoch "
                    + "milliseconds, was '" + value.asText() + "'");
        }
    }
}
