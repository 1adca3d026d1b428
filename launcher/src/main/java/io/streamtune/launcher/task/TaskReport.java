package io.streamtune.launcher.task;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.Metrics;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How {@code task list} and {@code task describe} show tasks, as text for people and as JSON for scripts. Pure: the
 * commands read the topics and hand the results here.
 */
public final class TaskReport {

    private static final String ROW = "%-24s %-10s %-28s %-20s %s%n";

    private TaskReport() {
    }

    /** One line per task: name, state, labels, base model and what each service made of its newest version. */
    public static String listText(Map<String, TaskTopics.Version> specs, Map<String, Map<String, TaskStatus>> status) {
        if (specs.isEmpty()) {
            return "No tasks. Create one with './streamtune task create NAME --labels a,b'.\n";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, ROW, "TASK", "STATE", "LABELS",
                "BASE MODEL", "SERVICES"));
        specs.forEach((task, version) -> {
            TaskSpec spec = version.spec();
            String services = services(version, status.getOrDefault(task, Map.of()));
            out.append(spec == null
                    ? String.format(Locale.ROOT, ROW, task, "UNREADABLE", "-", "-", version.unreadable())
                    : String.format(Locale.ROOT, ROW, task, spec.getState(), String.join(",", spec.getLabels()),
                            orDefault(spec.getBaseModel()), services));
        });
        return out.toString();
    }

    /** The tasks as a JSON array of {@link #describeJson} objects without live state. */
    public static ArrayNode listJson(Map<String, TaskTopics.Version> specs,
            Map<String, Map<String, TaskStatus>> status) {
        ArrayNode tasks = TaskSpecJson.MAPPER.createArrayNode();
        specs.forEach((task, version) -> tasks.add(describeJson(task, version, status.getOrDefault(task, Map.of()),
                null)));
        return tasks;
    }

    /** The spec in full, each service's status with its reason, and the live state when given. */
    public static String describeText(String task, TaskTopics.Version version, Map<String, TaskStatus> status,
            TaskLiveState live) {
        StringBuilder out = new StringBuilder();
        TaskSpec spec = version.spec();
        if (spec == null) {
            out.append(String.format("Task %s: newest version (tasks offset %d) unreadable: %s%n", task,
                    version.offset(), version.unreadable()));
        } else {
            out.append(String.format("Task %s (%s), version at tasks offset %d, written %s by %s%n", task,
                    spec.getState(), version.offset(), spec.getUpdatedAt(), orUnknown(spec.getUpdatedBy())));
            TaskSpecJson.flat(spec).forEach((path, value) -> {
                if (!TaskEdits.WRITTEN_BY_THE_CLI.contains(path)) {
                    out.append(String.format("  %-32s %s%n", path, value));
                }
            });
            out.append("  (every other setting: the services' defaults)\n");
        }
        out.append("Services:\n");
        if (status.isEmpty()) {
            out.append("  none has reported on this task yet\n");
        }
        status.forEach((service, s) -> out.append(String.format("  %-10s %s%s, instance %s, %s%n", service,
                verdict(s, version.offset()), s.getReason() == null ? "" : ": " + s.getReason(), s.getInstance(),
                s.getReportedAt())));
        if (live != null) {
            live(live, out);
        }
        return out.toString();
    }

    /** {@link #describeText} as JSON: {@code name, offset, spec, services, live}. */
    public static ObjectNode describeJson(String task, TaskTopics.Version version, Map<String, TaskStatus> status,
            TaskLiveState live) {
        ObjectNode node = TaskSpecJson.MAPPER.createObjectNode().put("name", task).put("offset", version.offset());
        if (version.spec() != null) {
            node.set("spec", TaskSpecJson.toJson(version.spec()));
        } else {
            node.put("unreadable", version.unreadable());
        }
        ObjectNode services = node.putObject("services");
        status.forEach((service, s) -> services.set(service, TaskSpecJson.toJson(s)
                .put("current", s.getSpecOffset() >= version.offset())));
        if (live != null) {
            ObjectNode liveNode = node.putObject("live").put("shards", live.shards())
                    .put("validationExamples", live.validationExamples()).put("checkpoints", live.checkpoints());
            if (live.lastCheckpoint() != null) {
                liveNode.set("lastCheckpoint", TaskSpecJson.toJson(live.lastCheckpoint()));
            }
            if (live.champion() != null) {
                liveNode.set("champion", TaskSpecJson.toJson(live.champion()));
            }
            liveNode.set("lag", TaskSpecJson.MAPPER.valueToTree(live.lag()));
        }
        return node;
    }

    private static void live(TaskLiveState live, StringBuilder out) {
        out.append("Live:\n");
        out.append(String.format("  shards              %d%s%n", live.shards(),
                live.lastShardAt() == null ? "" : ", newest " + live.lastShardAt()));
        out.append(String.format("  validation examples %d%n", live.validationExamples()));
        CheckpointEvent last = live.lastCheckpoint();
        out.append(String.format("  checkpoints         %d%s%n", live.checkpoints(), last == null ? ""
                : String.format(Locale.ROOT, ", newest %s at %s (step %d, %d examples seen, train loss %.4f)",
                        last.getCheckpointId(), last.getCreatedAt(), last.getGlobalStep(), last.getExamplesSeen(),
                        last.getTrainLoss())));
        PromotionEvent champion = live.champion();
        out.append("  champion            ").append(champion == null ? "the base model (no promotion yet)"
                : champion.getModelVersion() + " (" + champion.getKind() + " at " + champion.getPromotedAt() + ")"
                        + metrics(champion.getMetrics())).append('\n');
        out.append("  lag                 ").append(live.lag().isEmpty() ? "no trainer or evaluator offsets yet"
                : live.lag().stream().map(l -> l.group() + " " + l.topic() + "-" + l.partition() + ": " + l.lag())
                        .collect(Collectors.joining("; "))).append('\n');
    }

    private static String metrics(Metrics metrics) {
        return metrics == null ? "" : String.format(Locale.ROOT, ", accuracy %.4f, macro-F1 %.4f, log loss %.4f on %d "
                + "validation examples", metrics.getAccuracy(), metrics.getMacroF1(), metrics.getLogLoss(),
                metrics.getExamples());
    }

    private static String services(TaskTopics.Version version, Map<String, TaskStatus> status) {
        if (status.isEmpty()) {
            return "no status yet";
        }
        List<String> parts = new ArrayList<>();
        status.forEach((service, s) -> parts.add(service + "=" + verdict(s, version.offset())));
        return String.join(" ", parts);
    }

    /** The outcome, marked when it is about an older version than the newest on the topic. */
    private static String verdict(TaskStatus status, long newest) {
        return status.getOutcome() + (status.getSpecOffset() < newest ? " (older version " + status.getSpecOffset()
                + ")" : "");
    }

    private static String orDefault(String value) {
        return value == null ? "(default)" : value;
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }
}
