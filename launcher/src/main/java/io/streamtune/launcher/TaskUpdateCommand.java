package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskOperations;
import io.streamtune.launcher.task.TaskTopics;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code streamtune task update}: changes some settings of a task, keeping the others. */
@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Changes the given settings of a task and keeps the others; the services apply them from the "
                + "next shard, checkpoint or evaluation. Labels and base model cannot change in place: that is "
                + "refused, and the way is a new task. Nothing is written when nothing changes."})
final class TaskUpdateCommand extends TaskNameCommand {

    @Mixin
    private TaskSpecOptions options;

    @Override
    int run(TaskTopics topics, String task, PrintWriter out) {
        TaskOperations.Written written = TaskCommand.operations(topics).update(task, options.edits(task));
        if (written.changed()) {
            TaskCommand.printWritten(out, "Updated", written);
        } else {
            out.println("Task " + task + " already has these settings; nothing written.");
        }
        return 0;
    }
}
