package io.streamtune.launcher;

import io.streamtune.common.kafka.Topics;
import io.streamtune.launcher.task.TaskTopics;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code streamtune task delete}: the tombstone of a task. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Deletes a task (a tombstone on the tasks topic); asks nothing. The services stop it; what "
                + "was written for it stays, as printed."})
final class TaskDeleteCommand extends TaskNameCommand {

    @Override
    int run(TaskTopics topics, String task, PrintWriter out) {
        long offset = TaskCommand.operations(topics).delete(task).offset();
        out.printf("Deleted task %s (tombstone at tasks offset %d). From now on:%n"
                + "  - ingest dead-letters its new examples as UNKNOWN_TASK (to %s);%n"
                + "  - the trainer and the evaluator stop training and judging it;%n"
                + "  - its shards, checkpoints, evaluations and promotions already written stay on their topics, "
                + "and its checkpoint files stay in the checkpoint store until you remove them;%n"
                + "  - a new task of the same name would meet that history: prefer a new name.%n", task, offset,
                Topics.EXAMPLES_DLQ.name());
        return 0;
    }
}
