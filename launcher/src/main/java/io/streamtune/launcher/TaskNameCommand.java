package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskTopics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A {@code task} subcommand about one task: its name, the connection options, and the exit codes of the group. */
abstract class TaskNameCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Task name: letters, digits, '_' or '-'.")
    private String name;

    @Override
    public final Integer call() {
        return TaskCommand.execute(spec, connection, topics -> run(topics, name, spec.commandLine().getOut()));
    }

    /** Does the subcommand's work on the topics; returns its exit code. */
    abstract int run(TaskTopics topics, String task, PrintWriter out) throws Exception;

    ConnectionOptions connection() {
        return connection;
    }
}
