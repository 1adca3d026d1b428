package io.streamtune.launcher;

import io.streamtune.trainer.TrainerMilestones;
import io.streamtune.trainer.TrainerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamtune trainer CONFIG}: runs the trainer service in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = {"Runs the trainer service: consumes training shards, keeps each task's model fine-tuning and "
                + "writes checkpoints announced on the checkpoints topic. Ctrl-C checkpoints pending work and stops.",
            "STREAMTUNE_* environment variables override the file (STREAMTUNE_BOOTSTRAP_SERVERS, ...)."})
final class TrainerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "Trainer properties file (tasks, task.<name>.labels, "
            + "schema.registry.url, checkpoint.dir, ...; see README.md).")
    private Path config;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(config)) {
            spec.commandLine().getErr().println("streamtune trainer: no config file " + config);
            return 2;
        }
        return TrainerMain.run(new String[] {config.toString()}, TrainerMilestones.NONE);
    }
}
