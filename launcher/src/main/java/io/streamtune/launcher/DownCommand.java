package io.streamtune.launcher;

import io.streamtune.launcher.demo.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune down}: stops what {@code streamtune up} started. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops the pipeline that './streamtune up' started: services first, then the registry and "
                + "the broker, each with SIGTERM and up to a minute to finish. Data and checkpoints are kept.")
final class DownCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run-dir", defaultValue = ".streamtune/pipeline",
            description = "The run folder given to 'up' (default: ${DEFAULT-VALUE}).")
    private Path runDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> stopped = Pipeline.stopFromPidFile(runDir);
        if (stopped.isEmpty()) {
            out.println("No pipeline is up in " + runDir + ".");
            return 0;
        }
        stopped.forEach(out::println);
        return 0;
    }
}
