package io.streamtune.launcher;

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
            SmokeCommand.class, LagCommand.class, PromotionsCommand.class, RollbackCommand.class, FinetuneCommand.class,
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
        return new CommandLine(new Streamtune()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
