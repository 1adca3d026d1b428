package io.streamtune.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamtune task create}: checks a new task's spec and writes it to the tasks topic. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Creates a task: builds its spec from the options (and --from-file), refuses it with every "
                + "problem before writing anything (values out of range, a base model or gate rule the services "
                + "would not accept, a name already taken), then writes it and prints what was written. Settings "
                + "left out take the services' defaults."})
final class TaskCreateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Task name: letters, digits, '_' or '-'.")
    private String name;

    @Mixin
    private TaskSpecOptions options;

    @Override
    public Integer call() {
        return TaskCommand.execute(spec, connection, topics -> {
            TaskCommand.printWritten(spec.commandLine().getOut(), "Created",
                    TaskCommand.operations(topics).create(name, options.edits(name)));
            return 0;
        });
    }
}
