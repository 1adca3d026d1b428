package io.streamtune.launcher;

import io.streamtune.evaluator.EvaluatorMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamtune evaluator CONFIG}: runs the evaluator service in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "evaluator", mixinStandardHelpOptions = true,
        description = {"Runs the evaluator service: scores every checkpoint on the validation stream, gates it "
                + "against the champion and publishes evaluations and promotions. Ctrl-C stops it; an unfinished "
                + "evaluation is redone at the next start.",
            "STREAMTUNE_* environment variables override the file (STREAMTUNE_CHECKPOINT_DIR, ...)."})
final class EvaluatorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "Evaluator properties file (tasks, task.<name>.labels, "
            + "schema.registry.url, checkpoint.dir, gate.rules, ...; see README.md).")
    private Path config;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(config)) {
            spec.commandLine().getErr().println("streamtune evaluator: no config file " + config);
            return 2;
        }
        // Exits the JVM itself with the service's exit code, like every service main.
        EvaluatorMain.main(new String[] {config.toString()});
        return 0;
    }
}
