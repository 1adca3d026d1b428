package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskTopics;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code streamtune task create}: checks a new task's spec and writes it to the tasks topic. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Creates a task: builds its spec from the options (and --from-file), refuses it with every "
                + "problem before writing anything (values out of range, a base model or gate rule the services "
                + "would not accept, a name already taken), then writes it and prints what was written. Settings "
                + "left out take the services' defaults."})
final class TaskCreateCommand extends TaskNameCommand {

    @Mixin
    private TaskSpecOptions options;

    @Override
    int run(TaskTopics topics, String task, PrintWriter out) {
        TaskCommand.printWritten(out, "Created", TaskCommand.operations(topics).create(task, options.edits(task)));
        return 0;
    }
}
