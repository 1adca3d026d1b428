package io.streamtune.launcher;

import io.streamtune.serving.ServeConfig;
import io.streamtune.serving.ServeMain;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamtune serve}: serves the champions over the Open Inference Protocol until Ctrl-C or SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the champion of each task over HTTP (Open Inference Protocol / KServe v2: POST "
                + "/v2/models/TASK/infer, GET /v2/models/TASK, /v2/health/live, /v2/health/ready, /metrics), "
                + "following the promotions topic and swapping each new champion in. Binds 127.0.0.1 unless "
                + "http.host says otherwise; TLS and a bearer token or mutual TLS with the http.tls.* and "
                + "http.auth.* settings. Ctrl-C stops it after the requests in flight are answered.",
            "Settings (checkpoint.dir, tasks, http.*, ...; see serving/README.md) come from --config, then "
                + "STREAMTUNE_* environment variables (STREAMTUNE_HTTP_AUTH_TOKEN, ...), then the options below."},
        footer = {"", "Serving a pipeline started with './streamtune up' (add the -b and -r it printed when it ran "
                + "with --free-ports):",
            "  ./streamtune serve --bootstrap-servers 127.0.0.1:9092 "
                + "--registry-url http://127.0.0.1:8081/apis/ccompat/v7 \\",
            "      --checkpoint-dir .streamtune/pipeline/checkpoints --tasks spam --port 8080",
            "  curl -s http://127.0.0.1:8080/v2/models/spam/infer -d '{\"inputs\": [{\"name\": \"text\", "
                + "\"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"WIN a prize\"]}]}'"})
final class ServeCommand extends ServiceCommand<ServeConfig> {

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "The checkpoint store the promotions point into (checkpoint.dir); './streamtune up' "
                    + "keeps it in .streamtune/pipeline/checkpoints.")
    private String checkpointDir;

    @Option(names = {"-t", "--tasks"}, paramLabel = "TASK[,...]",
            description = "Tasks to serve (tasks); default: every task that has a champion.")
    private String tasks;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to bind (http.host); default 127.0.0.1, this machine only.")
    private String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "HTTP port (http.port); 0: a free one.")
    private String port;

    ServeCommand() {
        super(ServeMain.SERVICE);
    }

    @Override
    Map<String, String> commandOverrides() {
        Map<String, String> overrides = new HashMap<>();
        putIfGiven(overrides, ServeConfig.CHECKPOINT_DIR_CONFIG, checkpointDir);
        putIfGiven(overrides, ServeConfig.TASKS_CONFIG, tasks);
        putIfGiven(overrides, ServeConfig.HTTP_HOST_CONFIG, host);
        putIfGiven(overrides, ServeConfig.HTTP_PORT_CONFIG, port);
        return overrides;
    }

    private static void putIfGiven(Map<String, String> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }
}
