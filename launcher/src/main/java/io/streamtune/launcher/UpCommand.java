package io.streamtune.launcher;

import io.streamtune.launcher.demo.Pipeline;
import io.streamtune.launcher.demo.PipelineSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune up}: the long-running pipeline in the background, without the replay. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the whole pipeline in the background on the standard ports: broker 127.0.0.1:9092, "
                + "registry http://127.0.0.1:8081/apis/ccompat/v7, metrics of ingest :9464, trainer :9465, "
                + "evaluator :9466 (/metrics, /health). Produce LabeledExample records to 'examples'; follow "
                + "'./streamtune promotions --follow' and './streamtune lag'. Stop with './streamtune down'."})
final class UpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run-dir", defaultValue = ".streamtune/pipeline",
            description = "Data, checkpoints, configs and logs (default: ${DEFAULT-VALUE}); kept across up/down.")
    private Path runDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (Files.exists(runDir.resolve(Pipeline.PID_FILE))) {
            spec.commandLine().getErr().println("streamtune up: a pipeline is already up in " + runDir
                    + " (see " + runDir.resolve(Pipeline.PID_FILE) + "); run './streamtune down' first");
            return 1;
        }
        try {
            Pipeline pipeline = Pipeline.start(PipelineSpec.defaults(runDir, PipelineSpec.Ports.standard()), line -> {
                out.println(line);
                out.flush();
            });
            // Not closed: the processes outlive this command until 'streamtune down'.
            out.printf("Pipeline up. Logs in %s; stop it with './streamtune down'.%n",
                    pipeline.spec().runDir().resolve("logs"));
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("streamtune up failed: " + e.getMessage());
            return 1;
        }
    }
}
