package io.streamtune.launcher;

import io.streamtune.trainer.TrainerConfig;
import io.streamtune.trainer.TrainerMain;
import picocli.CommandLine.Command;

/** {@code streamtune trainer}: runs the trainer service in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = {"Runs the trainer service: consumes training shards, keeps each task's model fine-tuning and "
                + "writes checkpoints announced on the checkpoints topic. Ctrl-C checkpoints pending work and stops.",
            "Settings (tasks, task.<name>.labels, schema.registry.url, checkpoint.dir, ...; see README.md) come from "
                + "--config, then STREAMTUNE_* environment variables (STREAMTUNE_BOOTSTRAP_SERVERS, ...), then the "
                + "options below."})
final class TrainerCommand extends ServiceCommand<TrainerConfig> {

    TrainerCommand() {
        super(TrainerMain.SERVICE);
    }
}
