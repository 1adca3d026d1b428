package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskReport;
import io.streamtune.launcher.task.TaskTopics;
import io.streamtune.schemas.TaskStatus;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune task list}: every task with its state and what each service made of it. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists every task: state, labels, base model, and what each service reported on "
                + "'tasks.status' about its newest version (APPLIED, REJECTED, DELETED)."})
final class TaskListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--json", description = "A JSON array, for scripts.")
    private boolean json;

    @Override
    public Integer call() {
        return TaskCommand.execute(spec, connection, topics -> {
            Map<String, TaskTopics.Version> specs = topics.specs();
            Map<String, Map<String, TaskStatus>> status = topics.statuses();
            spec.commandLine().getOut().print(json ? TaskReport.listJson(specs, status).toPrettyString() + "\n"
                    : TaskReport.listText(specs, status));
            return 0;
        });
    }
}
