package io.streamtune.launcher.demo;

import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.trainer.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;

/**
 * How to run the whole pipeline on one machine: the run folder, the ports, and each service's settings (written
 * to {@code <runDir>/config/<service>.properties}, which the services read as in production).
 *
 * @param runDir    holds the broker and registry data, checkpoints, configs and logs
 * @param ports     where each part listens
 * @param ingest    ingest service settings
 * @param trainer   trainer service settings
 * @param evaluator evaluator service settings
 * @param serve     serve server settings (its HTTP port comes from {@code ports})
 * @param trainerHeap maximum heap of the trainer and evaluator JVMs, e.g. {@code 4g} (libtorch memory is
 *                    off-heap and not bounded by it)
 */
public record PipelineSpec(Path runDir, Ports ports, Map<String, String> ingest, Map<String, String> trainer,
        Map<String, String> evaluator, Map<String, String> serve, String trainerHeap) {

    /** The demo's task, created on the tasks topic like any other ({@link DemoTask}). */
    public static final String TASK = "spam";
    /** Its labels. */
    public static final String LABELS = "ham,spam";
    /**
     * The services to which {@link #defaults} also gives the demo's task in static config ({@code tasks=spam}),
     * pinned there: those that cannot start without a static task yet. The others follow the tasks topic alone.
     * Once this is empty, {@code up} starts an empty pipeline and the demo's task exists only on the topic.
     */
    public static final Set<String> STATIC_DEMO_TASK_SERVICES = Set.of();
    /** Each service's static group membership id: one instance each on one machine, so the name is stable. */
    public static final Map<String, String> GROUP_INSTANCE_IDS =
            Map.of("ingest", "ingest-1", "trainer", "trainer-1", "evaluator", "evaluator-1");
    /**
     * Past champions the demo's trainer keeps ({@link #withEveryChampionKept}): more than a demo promotes (one every
     * few minutes at most), so that every promoted checkpoint can be scored on the held-out part at the end.
     */
    public static final int DEMO_CHAMPIONS_KEPT = 1000;

    public PipelineSpec {
        runDir = runDir.toAbsolutePath().normalize();
        ingest = Map.copyOf(ingest);
        trainer = Map.copyOf(trainer);
        evaluator = Map.copyOf(evaluator);
        serve = Map.copyOf(serve);
    }

    /**
     * Where each part listens; all on 127.0.0.1.
     */
    public record Ports(int broker, int registry, int ingestMetrics, int trainerMetrics, int evaluatorMetrics,
            int serveHttp) {

        /** The ports a user expects of a long-running local pipeline ({@code streamtune up}). */
        public static Ports standard() {
            return new Ports(9092, 8081, 9464, 9465, 9466, 8080);
        }

        /** Free ports, so a demo never collides with a pipeline already running. */
        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
    }

    /**
     * The pipeline of {@code up} and the demo: {@link #empty}, plus the demo's task in the static config of the
     * services that still need one ({@link #STATIC_DEMO_TASK_SERVICES}).
     */
    public static PipelineSpec defaults(Path runDir, Ports ports) {
        return empty(runDir, ports).withStaticTask(TASK, LABELS, STATIC_DEMO_TASK_SERVICES);
    }

    /**
     * Production-like settings with no task (tasks come from the tasks topic), sized for one machine: each
     * service's defaults for every task suit the demo's task on SpamAssassin with all-MiniLM-L6-v2. Callers adjust
     * them with {@link #withIngest}, {@link #withTrainer} and {@link #withEvaluator}.
     */
    public static PipelineSpec empty(Path runDir, Ports ports) {
        Path dir = runDir.toAbsolutePath().normalize();
        Map<String, String> ingest = new LinkedHashMap<>();
        // Whole emails, headers stripped, run to a few hundred KB at most; the limit guards against abuse.
        ingest.put("max.text.chars", "500000");
        ingest.put("shard.max.examples", "64");
        ingest.put("shard.max.age.ms", "20000");
        ingest.put("state.dir", dir.resolve("ingest-state").toString());
        // Static membership: a restarted service (even after kill -9) takes its partitions back at once instead of
        // after the session timeout.
        ingest.put("group.instance.id", GROUP_INSTANCE_IDS.get("ingest"));

        Map<String, String> trainer = new LinkedHashMap<>();
        trainer.put("checkpoint.dir", dir.resolve("checkpoints").toString());
        trainer.put("base.model", "all-MiniLM-L6-v2");
        trainer.put("max.length", "128");
        trainer.put("batch.size", "16");
        trainer.put("threads", "2");
        trainer.put("learning.rate", "5e-5");
        trainer.put("warmup.steps", "20");
        trainer.put("checkpoint.every.shards", "4");
        trainer.put("checkpoint.every.ms", "60000");
        trainer.put("group.instance.id", GROUP_INSTANCE_IDS.get("trainer"));

        Map<String, String> evaluator = new LinkedHashMap<>();
        // No tasks here: the evaluator judges every task's checkpoints, with the labels each checkpoint carries.
        evaluator.put("checkpoint.dir", dir.resolve("checkpoints").toString());
        evaluator.put("min.validation.examples", "100");
        evaluator.put("validation.anchor.size", "100");
        evaluator.put("validation.recent.size", "300");
        evaluator.put("group.instance.id", GROUP_INSTANCE_IDS.get("evaluator"));

        Map<String, String> serve = new LinkedHashMap<>();
        // No tasks here: serve answers for every task that has a champion.
        serve.put("checkpoint.dir", dir.resolve("checkpoints").toString());
        serve.put("http.max.text.chars", ingest.get("max.text.chars"));
        return new PipelineSpec(dir, ports, ingest, trainer, evaluator, serve, "4g");
    }

    /**
     * A copy in which {@code services} ("ingest", "trainer") also have {@code task} in static config
     * ({@code tasks=...}), pinned there.
     */
    public PipelineSpec withStaticTask(String task, String labels, Set<String> services) {
        PipelineSpec spec = this;
        if (services.contains("ingest")) {
            spec = spec.withIngest("tasks", task).withIngest("task." + task + ".labels", labels);
        }
        if (services.contains("trainer")) {
            spec = spec.withTrainer("tasks", task).withTrainer("task." + task + ".labels", labels);
        }
        return spec;
    }

    /** A copy with one ingest setting changed. */
    public PipelineSpec withIngest(String key, String value) {
        return new PipelineSpec(runDir, ports, with(ingest, key, value), trainer, evaluator, serve, trainerHeap);
    }

    /** A copy with one trainer setting changed. */
    public PipelineSpec withTrainer(String key, String value) {
        return new PipelineSpec(runDir, ports, ingest, with(trainer, key, value), evaluator, serve, trainerHeap);
    }

    /** A copy with one evaluator setting changed. */
    public PipelineSpec withEvaluator(String key, String value) {
        return new PipelineSpec(runDir, ports, ingest, trainer, with(evaluator, key, value), serve, trainerHeap);
    }

    /** A copy with one serve setting changed. */
    public PipelineSpec withServe(String key, String value) {
        return new PipelineSpec(runDir, ports, ingest, trainer, evaluator, with(serve, key, value), trainerHeap);
    }

    /** A copy whose trainer keeps every checkpoint a short run promotes ({@link #DEMO_CHAMPIONS_KEPT}). */
    public PipelineSpec withEveryChampionKept() {
        return withTrainer(TrainerConfig.CHECKPOINT_RETENTION_CHAMPIONS_CONFIG, Integer.toString(DEMO_CHAMPIONS_KEPT));
    }

    /**
     * Checks the trainer's and the evaluator's settings as those services will (their own config classes, defaults
     * filled in), so that a bad value is refused before anything starts.
     *
     * @return this
     * @throws IllegalArgumentException naming the service, the key and what is wrong
     */
    public PipelineSpec checked() {
        trainerConfig();
        evaluatorConfig();
        return this;
    }

    /** The trainer's settings as the trainer reads them. */
    public TrainerConfig trainerConfig() {
        try {
            return new TrainerConfig(withConnection(trainer));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("trainer setting refused: " + e.getMessage(), e);
        }
    }

    /** The evaluator's settings as the evaluator reads them. */
    public EvaluatorConfig evaluatorConfig() {
        try {
            return new EvaluatorConfig(withConnection(evaluator));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("evaluator setting refused: " + e.getMessage(), e);
        }
    }

    /** The evaluator's gate as it will apply it: the rules and minimum given, else the evaluator's defaults. */
    public RunRecord.GateSettings gate() {
        EvaluatorConfig config = evaluatorConfig();
        return new RunRecord.GateSettings(config.getString(EvaluatorConfig.GATE_RULES_CONFIG),
                !evaluator.containsKey(EvaluatorConfig.GATE_RULES_CONFIG),
                config.getInt(EvaluatorConfig.MIN_VALIDATION_EXAMPLES_CONFIG));
    }

    private Map<String, String> withConnection(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        all.put(SchemaRegistryConfig.URL_CONFIG, registryUrl());
        return all;
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + ports.broker();
    }

    /** The serve server's base address, e.g. {@code http://127.0.0.1:8080}. */
    public String serveUrl() {
        return "http://127.0.0.1:" + ports.serveHttp();
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + ports.registry() + "/apis/ccompat/v7";
    }

    /** The consumer groups whose lag ops watch: ingest's Streams application id, the trainer and evaluator groups. */
    public Map<String, String> consumerGroups() {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("ingest", ingest.getOrDefault("application.id", "streamtune-ingest"));
        groups.put("trainer", trainer.getOrDefault("group.id", "streamtune-trainer"));
        groups.put("evaluator", evaluator.getOrDefault("group.id", "streamtune-evaluator"));
        return groups;
    }
}
