package io.streamtune.launcher;

import io.streamtune.common.kafka.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamtune task delete}: the tombstone of a task. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Deletes a task (a tombstone on the tasks topic); asks nothing. The services stop it; what "
                + "was written for it stays, as printed."})
final class TaskDeleteCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Task to delete.")
    private String name;

    @Override
    public Integer call() {
        return TaskCommand.execute(spec, connection, topics -> {
            long offset = TaskCommand.operations(topics).delete(name).offset();
            spec.commandLine().getOut().printf("Deleted task %s (tombstone at tasks offset %d). From now on:%n"
                    + "  - ingest dead-letters its new examples as UNKNOWN_TASK (to %s);%n"
                    + "  - the trainer and the evaluator stop training and judging it;%n"
                    + "  - its shards, checkpoints, evaluations and promotions already written stay on their topics, "
                    + "and its checkpoint files stay in the checkpoint store until you remove them;%n"
                    + "  - a new task of the same name would meet that history: prefer a new name.%n", name, offset,
                    Topics.EXAMPLES_DLQ.name());
            return 0;
        });
    }
}
