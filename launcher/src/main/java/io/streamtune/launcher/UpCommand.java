package io.streamtune.launcher;

import io.streamtune.launcher.demo.Pipeline;
import io.streamtune.launcher.demo.PipelineSpec;
import java.io.IOException;
import java.io.PrintWriter;
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
                + "evaluator :9466 (/metrics, /health/live, /health/ready), and serve http://127.0.0.1:8080 (each task's "
                + "champion over the Open Inference Protocol: /v2/models/<task>/infer). Produce LabeledExample "
                + "records to 'examples'; follow './streamtune promotions --follow' and './streamtune lag'. Stop with "
                + "'./streamtune down'.",
            "Tasks are data: create one with './streamtune task create NAME --labels a,b', see them with "
                + "'./streamtune task list'."})
final class UpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run-dir", defaultValue = ".streamtune/pipeline",
            description = "Data, checkpoints, configs and logs (default: ${DEFAULT-VALUE}); kept across up/down.")
    private Path runDir;

    @Option(names = "--free-ports", description = "Listen on free ports instead of the standard ones (a second "
            + "pipeline beside a first, or tests); they are printed.")
    private boolean freePorts;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (Pipeline.isUp(runDir)) {
            spec.commandLine().getErr().println("streamtune up: a pipeline is already up in " + runDir
                    + " (see " + runDir.resolve(Pipeline.PID_FILE) + "); run './streamtune down' first");
            return 1;
        }
        try {
            PipelineSpec.Ports ports = freePorts ? PipelineSpec.Ports.free() : PipelineSpec.Ports.standard();
            Pipeline pipeline = Pipeline.start(PipelineSpec.defaults(runDir, ports), line -> {
                out.println(line);
                out.flush();
            });
            // Not closed: the processes outlive this command until 'streamtune down'.
            PipelineSpec spec = pipeline.spec();
            out.printf("Pipeline up.%n  bootstrap.servers=%s%n  schema.registry.url=%s%n  serve (the champions, "
                    + "Open Inference Protocol): %s/v2/models/<task>/infer%n  metrics: ingest "
                    + "http://127.0.0.1:%d/metrics, trainer :%d, evaluator :%d, serve :%d%n  logs in %s%n"
                    + "%s%nStop it with './streamtune down%s'.%n", spec.bootstrapServers(), spec.registryUrl(),
                    spec.serveUrl(), ports.ingestMetrics(), ports.trainerMetrics(), ports.evaluatorMetrics(),
                    ports.serveHttp(),
                    spec.runDir().resolve("logs"), tasksHint(spec), runDir.equals(Path.of(".streamtune/pipeline"))
                            ? "" : " --run-dir " + runDir);
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("streamtune up failed: " + e.getMessage());
            return 1;
        }
    }

    /** How to add a task to this pipeline, with its connection options unless they are the standard ones. */
    private String tasksHint(PipelineSpec spec) {
        String options = freePorts ? " -b " + spec.bootstrapServers() + " -r " + spec.registryUrl() : "";
        return (PipelineSpec.STATIC_DEMO_TASK_SERVICES.isEmpty() ? "No task yet. " : "Task " + PipelineSpec.TASK
                + " is in the static config of " + String.join(" and ", PipelineSpec.STATIC_DEMO_TASK_SERVICES)
                + " (not yet able to start without one). ") + "Create one with './streamtune task create NAME --labels a,b" + options
                + "'; list them with './streamtune task list" + options + "'.";
    }
}
