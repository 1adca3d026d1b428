package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskLiveState;
import io.streamtune.launcher.task.TaskLiveStateReader;
import io.streamtune.launcher.task.TaskRefusedException;
import io.streamtune.launcher.task.TaskReport;
import io.streamtune.launcher.task.TaskTopics;
import io.streamtune.schemas.TaskStatus;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamtune task describe}: one task's spec, its services' status and its live state. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Shows a task in full: its spec, each service's status with the reason of a refusal, and its "
                + "live state read from the topics: shards and validation examples produced, the last checkpoint, "
                + "the champion and its metrics, and the lag of the trainer and evaluator groups."})
final class TaskDescribeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Task name.")
    private String name;

    @Option(names = "--json", description = "One JSON object, for scripts.")
    private boolean json;

    @Option(names = "--trainer-group", defaultValue = "streamtune-trainer",
            description = "The trainer's consumer group (default: ${DEFAULT-VALUE}).")
    private String trainerGroup;

    @Option(names = "--evaluator-group", defaultValue = "streamtune-evaluator",
            description = "The evaluator's consumer group (default: ${DEFAULT-VALUE}).")
    private String evaluatorGroup;

    @Override
    public Integer call() {
        return TaskCommand.execute(spec, connection, topics -> {
            TaskTopics.Version version = topics.spec(name)
                    .orElseThrow(() -> new TaskRefusedException("no task '" + name + "' (see 'task list')"));
            Map<String, TaskStatus> status = topics.statuses().getOrDefault(name, Map.of());
            TaskLiveState live = new TaskLiveStateReader(connection.kafka(), connection.registry(), trainerGroup,
                    evaluatorGroup).read(name);
            spec.commandLine().getOut().print(json
                    ? TaskReport.describeJson(name, version, status, live).toPrettyString() + "\n"
                    : TaskReport.describeText(name, version, status, live));
            return 0;
        });
    }
}
