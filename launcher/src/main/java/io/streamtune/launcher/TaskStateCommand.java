package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskOperations;
import io.streamtune.launcher.task.TaskTopics;
import io.streamtune.schemas.TaskState;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code streamtune task pause} and {@code resume}: a new version of the task in the other state. */
abstract class TaskStateCommand extends TaskNameCommand {

    private final TaskState state;
    private final String done;

    TaskStateCommand(TaskState state, String done) {
        this.state = state;
        this.done = done;
    }

    @Override
    int run(TaskTopics topics, String task, PrintWriter out) {
        TaskOperations.Written written = TaskCommand.operations(topics).setState(task, state);
        out.println(written.changed() ? "Task " + task + " " + done + " (tasks offset " + written.offset() + ")."
                : "Task " + task + " is already " + state + "; nothing written.");
        return 0;
    }

    /** {@code task pause}. */
    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pauses a task: ingest keeps validating and sharding its examples, the trainer and "
                    + "evaluator stop training and judging it until 'task resume'."})
    static final class Pause extends TaskStateCommand {
        Pause() {
            super(TaskState.PAUSED, "paused: examples are still ingested and sharded; training and evaluation "
                    + "stop until 'task resume'");
        }
    }

    /** {@code task resume}. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = {"Resumes a paused task: training and evaluation go on from its last checkpoint."})
    static final class Resume extends TaskStateCommand {
        Resume() {
            super(TaskState.ACTIVE, "resumed: training and evaluation go on from its last checkpoint");
        }
    }
}
