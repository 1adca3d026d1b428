package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskOperations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamtune task update}: changes some settings of a task, keeping the others. */
@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Changes the given settings of a task and keeps the others; the services apply them from the "
                + "next shard, checkpoint or evaluation. Labels and base model cannot change in place: that is "
                + "refused, and the way is a new task. Nothing is written when nothing changes."})
final class TaskUpdateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Task to change.")
    private String name;

    @Mixin
    private TaskSpecOptions options;

    @Override
    public Integer call() {
        return TaskCommand.execute(spec, connection, topics -> {
            TaskOperations.Written written = TaskCommand.operations(topics).update(name, options.edits(name));
            if (written.changed()) {
                TaskCommand.printWritten(spec.commandLine().getOut(), "Updated", written);
            } else {
                spec.commandLine().getOut().println("Task " + name + " already has these settings; nothing written.");
            }
            return 0;
        });
    }
}
