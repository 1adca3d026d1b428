package io.streamtune.launcher.experiment;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streamtune experiment}: offline experiments on the trainer's own core; {@code shift} for now. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Offline experiments that run the trainer's own code on real data.",
        subcommands = {ShiftCommand.class, CommandLine.HelpCommand.class})
public final class ExperimentCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
