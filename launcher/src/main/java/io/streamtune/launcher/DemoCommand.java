package io.streamtune.launcher;

import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.launcher.demo.Demo;
import io.streamtune.launcher.demo.DemoSettings;
import io.streamtune.launcher.demo.PipelineSpec;
import io.streamtune.launcher.demo.ProgressView;
import io.streamtune.launcher.demo.RunRecord;
import io.streamtune.launcher.demo.report.HtmlReport;
import io.streamtune.model.data.SpamAssassin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune demo}: the whole pipeline on real data, on this machine, start to summary. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs all of Streamtune on this machine on real data: the embedded Kafka broker and schema "
                + "registry, and the ingest, trainer and evaluator services, each its own process. Replays the "
                + "SpamAssassin corpus (with a few deliberately bad and duplicate records) while all-MiniLM-L6-v2 "
                + "is fine-tuned on the stream, shows progress live, then stops everything and prints a summary: "
                + "promotions, the champion against the base model on held-out emails that never entered the "
                + "stream, and end-to-end freshness. Logs, configs, checkpoints, run.json and report.html stay in "
                + "the run folder.",
            "Ctrl-C stops early (and still stops every process)."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "10",
            description = "Stop after this many minutes of streaming at the latest (default: ${DEFAULT-VALUE}).")
    private double minutes;

    @Option(names = "--rate", defaultValue = "8",
            description = "Records per second the replay sends (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--run-dir", description = "Run folder (default: .streamtune/runs/<date-time>).")
    private Path runDir;

    @Option(names = "--data-dir", description = "SpamAssassin cache (default: $STREAMTUNE_DATA_DIR or "
            + "~/.cache/streamtune/datasets).")
    private Path dataDir;

    @Option(names = "--train-limit", defaultValue = "2147483647", description = "Replay at most N training emails.")
    private int trainLimit;

    @Option(names = "--validation-limit", defaultValue = "2147483647",
            description = "Replay at most N validation emails.")
    private int validationLimit;

    @Option(names = "--test-limit", defaultValue = "2147483647",
            description = "Score at most N held-out emails at the end.")
    private int testLimit;

    @Option(names = "--bad-fraction", defaultValue = "0.02",
            description = "Share of deliberately bad records (default: ${DEFAULT-VALUE}).")
    private double badFraction;

    @Option(names = "--duplicate-fraction", defaultValue = "0.01",
            description = "Share of resent records (default: ${DEFAULT-VALUE}).")
    private double duplicateFraction;

    @Option(names = "--max-length", defaultValue = "128",
            description = "Tokens per email for training and scoring (default: ${DEFAULT-VALUE}).")
    private int maxLength;

    @Option(names = "--shard-examples", defaultValue = "64",
            description = "Examples per training shard (default: ${DEFAULT-VALUE}).")
    private int shardExamples;

    @Option(names = "--checkpoint-every-shards", defaultValue = "4",
            description = "Trainer checkpoints after this many shards (default: ${DEFAULT-VALUE}).")
    private int checkpointEveryShards;

    @Option(names = {"--min-validation-examples", "--min-validation"}, paramLabel = "N",
            description = "Validation examples the evaluator needs before judging; also the size of its anchor "
                    + "slice (default: the pipeline's evaluator settings, 100).")
    private Integer minValidation;

    @Option(names = "--gate-rules", paramLabel = "RULES",
            description = "The evaluator's promotion rules, in its rule language, e.g. 'macro_f1 >= champion + "
                    + "0.001' (default: the evaluator's default rules). Recorded in run.json and the report, so "
                    + "that two runs with different gates can be compared.")
    private String gateRules;

    @Option(names = "--seed", defaultValue = "42", description = "Replay and model seed (default: ${DEFAULT-VALUE}).")
    private int seed;

    /**
     * The pipeline with the demo's gate options applied: only those given, so the evaluator's defaults hold
     * otherwise.
     *
     * @param minValidation validation examples before judging, also the anchor slice's size; null to keep
     * @param gateRules     the evaluator's gate rules; null to keep
     */
    static PipelineSpec withGateOptions(PipelineSpec pipeline, Integer minValidation, String gateRules) {
        PipelineSpec spec = pipeline;
        if (minValidation != null) {
            spec = spec.withEvaluator(EvaluatorConfig.MIN_VALIDATION_EXAMPLES_CONFIG, minValidation.toString())
                    .withEvaluator(EvaluatorConfig.ANCHOR_SIZE_CONFIG, minValidation.toString());
        }
        if (gateRules != null) {
            spec = spec.withEvaluator(EvaluatorConfig.GATE_RULES_CONFIG, gateRules);
        }
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = runDir != null ? runDir : Path.of(".streamtune", "runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        DemoSettings settings;
        PipelineSpec pipeline;
        try {
            settings = new DemoSettings(Duration.ofSeconds(Math.round(minutes * 60)), rate,
                    dataDir != null ? dataDir : SpamAssassin.defaultCacheDir(), trainLimit, validationLimit,
                    testLimit, badFraction, duplicateFraction, seed, System.console() != null);
            pipeline = PipelineSpec.defaults(dir, PipelineSpec.Ports.free())
                    .withIngest("shard.max.examples", Integer.toString(shardExamples))
                    .withTrainer("max.length", Integer.toString(maxLength))
                    .withTrainer("seed", Integer.toString(seed))
                    .withTrainer("checkpoint.every.shards", Integer.toString(checkpointEveryShards))
                    .withEveryChampionKept();
            pipeline = withGateOptions(pipeline, minValidation, gateRules).checked();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("streamtune demo: " + e.getMessage());
            return 2;
        }
        ProgressView view = new ProgressView(out, settings.interactive(), 15);
        Demo demo = new Demo(settings, pipeline, view, HtmlReport::write);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.requestStop();
            try {
                // Let the demo stop every process it started before the JVM exits.
                finished.await(3, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunRecord record = demo.run();
            return record.promotions().isEmpty() ? 1 : 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("streamtune demo failed: " + e.getMessage());
            return 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running (Ctrl-C): it returns now that the demo has finished.
            }
        }
    }
}
