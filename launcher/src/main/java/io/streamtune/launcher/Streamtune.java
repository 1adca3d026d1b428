package io.streamtune.launcher;

import io.streamtune.launcher.experiment.ExperimentCommand;
import io.streamtune.model.cli.FinetuneCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ./streamtune} command: one subcommand per thing you can run on this machine. */
@Command(
        name = "streamtune",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps a pre-trained model fine-tuned on a live stream of labeled examples in Kafka.",
        subcommands = {DemoCommand.class, UpCommand.class, DownCommand.class, BrokerCommand.class,
            RegistryCommand.class, IngestCommand.class, TrainerCommand.class, EvaluatorCommand.class,
            ServeCommand.class, ExportCommand.class, SmokeCommand.class, ProduceCommand.class, LagCommand.class,
            PromotionsCommand.class, RollbackCommand.class, TaskCommand.class, FinetuneCommand.class,
            ExperimentCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Run './streamtune COMMAND --help' for the options of a command."})
public final class Streamtune implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand registered; tests execute it directly. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Streamtune()).setCaseInsensitiveEnumValuesAllowed(true);
        return cli.setExecutionStrategy(Streamtune::refuseUnmatchedThenRun);
    }

    /**
     * Picocli skips its check of unmatched arguments when help is asked for, so {@code streamtune nosuch --help}
     * would print the top-level help and succeed: an unknown command fails the same way with or without
     * {@code --help}.
     */
    private static int refuseUnmatchedThenRun(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (!level.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(level.commandSpec().commandLine(),
                        level.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
