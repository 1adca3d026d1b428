package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskLiveState;
import io.streamtune.launcher.task.TaskLiveStateReader;
import io.streamtune.launcher.task.TaskRefusedException;
import io.streamtune.launcher.task.TaskReport;
import io.streamtune.launcher.task.TaskTopics;
import io.streamtune.schemas.TaskStatus;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamtune task describe}: one task's spec, its services' status and its live state. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Shows a task in full: its spec, each service's status with the reason of a refusal, and its "
                + "live state read from the topics: shards and validation examples produced, the last checkpoint, "
                + "the champion and its metrics, and the lag of the trainer and evaluator groups."})
final class TaskDescribeCommand extends TaskNameCommand {

    @Option(names = "--json", description = "One JSON object, for scripts.")
    private boolean json;

    @Option(names = "--trainer-group", defaultValue = "streamtune-trainer",
            description = "The trainer's consumer group (default: ${DEFAULT-VALUE}).")
    private String trainerGroup;

    @Option(names = "--evaluator-group", defaultValue = "streamtune-evaluator",
            description = "The evaluator's consumer group (default: ${DEFAULT-VALUE}).")
    private String evaluatorGroup;

    @Override
    int run(TaskTopics topics, String task, PrintWriter out) {
        TaskTopics.Version version = topics.spec(task)
                .orElseThrow(() -> new TaskRefusedException("no task '" + task + "' (see 'task list')"));
        Map<String, TaskStatus> status = topics.statuses().getOrDefault(task, Map.of());
        TaskLiveState live = new TaskLiveStateReader(connection().kafka(), connection().registry(), trainerGroup,
                evaluatorGroup).read(task);
        out.print(json ? TaskReport.describeJson(task, version, status, live).toPrettyString() + "\n"
                : TaskReport.describeText(task, version, status, live));
        return 0;
    }
}
