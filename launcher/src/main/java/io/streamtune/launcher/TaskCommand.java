package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskOperations;
import io.streamtune.launcher.task.TaskRefusedException;
import io.streamtune.launcher.task.TaskSpecJson;
import io.streamtune.launcher.task.TaskTopics;
import java.io.PrintWriter;
import java.time.Clock;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code streamtune task}: tasks as data on the {@code tasks} topic. Exit codes of every subcommand: 0 done, 2 bad
 * usage or a refused spec (nothing written), 1 the broker or registry failed.
 */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = {"Creates, lists, describes, changes, pauses, resumes and deletes tasks: the specs on the "
                + "compacted 'tasks' topic that ingest, trainer and evaluator follow. A spec is checked before "
                + "anything is written; labels and base model are fixed for a task's life.",
            "Exit codes: 0 done, 2 bad usage or spec refused (nothing written), 1 broker or registry failure."},
        subcommands = {TaskCreateCommand.class, TaskListCommand.class, TaskDescribeCommand.class,
            TaskUpdateCommand.class, TaskStateCommand.Pause.class, TaskStateCommand.Resume.class,
            TaskDeleteCommand.class})
final class TaskCommand implements Runnable {

    static final int REFUSED = 2;
    static final int BROKER_FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Something a task subcommand does against the cluster, returning its exit code. */
    @FunctionalInterface
    interface Action {
        int run(TaskTopics topics) throws Exception;
    }

    /**
     * Runs {@code action} on the topics of {@code connection}, turning a refusal into exit code 2 with every problem
     * listed, and a broker or registry failure into exit code 1 with one line.
     */
    static int execute(CommandSpec command, ConnectionOptions connection, Action action) {
        PrintWriter err = command.commandLine().getErr();
        String name = command.qualifiedName(" ");
        try {
            return action.run(new TaskTopics(connection.kafka(), connection.registry()));
        } catch (TaskRefusedException e) {
            err.println(name + ": " + e.getMessage() + (e.problems().isEmpty() ? "" : ":"));
            e.problems().forEach(problem -> err.println("  - " + problem));
            return REFUSED;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return REFUSED;
        } catch (KafkaException e) {
            err.println(name + ": broker or registry failed: " + oneLine(e));
            return BROKER_FAILED;
        } catch (Exception e) {
            err.println(name + ": failed: " + oneLine(e));
            return BROKER_FAILED;
        } finally {
            // Reports end with print, not println: without a flush they are lost when main exits.
            command.commandLine().getOut().flush();
        }
    }

    /** The operations a subcommand runs, writing as the local user. */
    static TaskOperations operations(TaskTopics topics) {
        return new TaskOperations(topics, Clock.systemUTC(), System.getProperty("user.name", "unknown")
                + " (streamtune task)");
    }

    /** Prints what was written, as the JSON of the spec. */
    static void printWritten(PrintWriter out, String what, TaskOperations.Written written) {
        out.printf("%s task %s at tasks offset %d:%n", what, written.task(), written.offset());
        out.println(TaskSpecJson.toJson(written.written()).toPrettyString());
    }

    private static String oneLine(Exception e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage())
                    .append(')');
        }
        return text.toString().replace('\n', ' ');
    }
}
