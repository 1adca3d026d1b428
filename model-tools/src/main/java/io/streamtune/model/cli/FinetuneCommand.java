package io.streamtune.model.cli;

import io.streamtune.model.ModelOptions;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.data.Dataset;
import io.streamtune.model.data.SpamAssassin;
import io.streamtune.model.train.EpochResult;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FitProgress;
import io.streamtune.model.train.LrSchedule;
import io.streamtune.model.train.StepResult;
import io.streamtune.model.train.TrainingMode;
import io.streamtune.model.train.ValidationMetric;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamtune finetune}: offline multi-epoch fine-tuning on the SpamAssassin corpus, with progress, the
 * held-out test accuracy and macro-F1 of each requested mode, and a comparison table when several are given.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune the base model offline on SpamAssassin and report held-out accuracy and macro-F1.")
public final class FinetuneCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--mode", split = ",", defaultValue = "full",
            description = "full, feature-extraction or top-k; several (comma-separated or repeated) are compared.",
            converter = ModeConverter.class)
    private List<TrainingMode> modes = new ArrayList<>();

    @Option(names = "--top-k", defaultValue = "" + FineTuneConfig.DEFAULT_TOP_K,
            description = "Layers unfrozen in top-k mode (default ${DEFAULT-VALUE}).")
    private int topK;

    @Option(names = "--epochs", defaultValue = "" + FineTuneConfig.DEFAULT_EPOCHS,
            description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch-size", defaultValue = "" + FineTuneConfig.DEFAULT_BATCH_SIZE,
            description = "Default ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--max-length", defaultValue = "128", description = "Tokens per email (default ${DEFAULT-VALUE}).")
    private int maxLength;

    @Option(names = "--learning-rate", description = "Peak rate; default " + FineTuneConfig.DEFAULT_LEARNING_RATE
            + " full, 1e-4 top-k, 1e-2 feature-extraction.")
    private Double learningRate;

    @Option(names = "--weight-decay", defaultValue = "" + FineTuneConfig.DEFAULT_WEIGHT_DECAY,
            description = "Default ${DEFAULT-VALUE}.")
    private double weightDecay;

    @Option(names = "--warmup-ratio", defaultValue = "" + FineTuneConfig.DEFAULT_WARMUP_RATIO,
            description = "Default ${DEFAULT-VALUE}.")
    private double warmupRatio;

    @Option(names = "--schedule", defaultValue = "linear", description = "linear, cosine or constant.")
    private String schedule;

    @Option(names = "--max-grad-norm", defaultValue = "" + FineTuneConfig.DEFAULT_MAX_GRAD_NORM,
            description = "0 disables clipping.")
    private double maxGradNorm;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Default ${DEFAULT-VALUE}.")
    private float dropout;

    @Option(names = "--patience", defaultValue = "" + FineTuneConfig.DEFAULT_PATIENCE,
            description = "Epochs without improvement; 0 disables.")
    private int patience;

    @Option(names = "--metric", defaultValue = "macro-f1", description = "macro-f1, accuracy or loss.")
    private String metric;

    @Option(names = "--seed", defaultValue = "" + FineTuneConfig.DEFAULT_SEED,
            description = "Default ${DEFAULT-VALUE}.")
    private int seed;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N.")
    private String device;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: available processors).")
    private Integer threads;

    @Option(names = "--train-limit", defaultValue = "2147483647", description = "Use at most N training emails.")
    private int trainLimit;

    @Option(names = "--eval-limit", defaultValue = "2147483647",
            description = "Use at most N validation and N test emails.")
    private int evalLimit;

    @Option(names = "--data-dir",
            description = "Dataset cache (default $STREAMTUNE_DATA_DIR or ~/.cache/streamtune/datasets).")
    private Path dataDir;

    @Option(names = "--onnx", description = "Base model ONNX file (default: all-MiniLM-L6-v2 from the class path).")
    private Path onnx;

    @Option(names = "--tokenizer", description = "tokenizer.json of --onnx.")
    private Path tokenizer;

    @Option(names = "--heads", defaultValue = "12",
            description = "Attention heads of --onnx (default ${DEFAULT-VALUE}).")
    private int heads;

    @Option(names = "--checkpoint-dir", description = "Save each final model as a checkpoint here.")
    private Path checkpointDir;

    @Override
    public Integer call() throws Exception {
        // Must precede the first use of the engine: libtorch reads it when it loads.
        System.setProperty("ai.djl.pytorch.num_threads",
                Integer.toString(threads != null ? threads : Runtime.getRuntime().availableProcessors()));
        PrintWriter out = spec.commandLine().getOut();
        if ((onnx == null) != (tokenizer == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--onnx and --tokenizer go together");
        }
        Path cache = dataDir != null ? dataDir : SpamAssassin.defaultCacheDir();
        Dataset dataset = SpamAssassin.load(cache).limit(trainLimit, evalLimit);
        out.printf("dataset %s: train %d, validation %d, test %d%n", dataset.name(), dataset.train().size(),
                dataset.validation().size(), dataset.test().size());
        BaseModel base = onnx == null ? BaseModel.allMiniLmL6V2() : BaseModel.fromFiles(onnx, tokenizer, heads);
        BertConfig shape = base.config();
        out.printf("base model %s: %d layers, hidden %d, %d heads%n", base.name(), shape.numLayers(),
                shape.hiddenSize(), shape.numHeads());
        ModelOptions options = new ModelOptions(maxLength, dropout, device, seed);
        DirectoryCheckpointStore store = checkpointDir == null ? null : new DirectoryCheckpointStore(checkpointDir);

        List<OfflineFineTuning.Report> reports = new ArrayList<>();
        for (TrainingMode mode : modes) {
            FineTuneConfig config = config(mode);
            out.printf("%n== %s: %s%n", mode, config.asMap());
            out.flush();
            OfflineFineTuning.Report report = OfflineFineTuning.run(base, dataset, config, options,
                    new Progress(out), store);
            out.printf("%s: test %s | %.1f train examples/s | %d steps | best epoch %d%s | %.0f s%s%n", mode,
                    report.test(), report.fit().examplesPerSecond(), report.fit().steps(), report.fit().bestEpoch(),
                    report.fit().stoppedEarly() ? " (stopped early)" : "", report.seconds(),
                    report.checkpointId() == null ? "" : " | checkpoint " + report.checkpointId());
            reports.add(report);
            // Kept so that streaming runs (streamtune demo) can show the offline figure beside their own.
            OfflineResults.save(cache, report, dataset.train().size());
        }
        out.printf("%n%-20s %9s %9s %12s %8s%n", "mode", "accuracy", "macro-F1", "train ex/s", "epochs");
        for (OfflineFineTuning.Report r : reports) {
            out.printf("%-20s %9.4f %9.4f %12.1f %8d%n", r.config().mode(), r.test().accuracy(), r.test().macroF1(),
                    r.fit().examplesPerSecond(), r.fit().epochs().size());
        }
        out.flush();
        return 0;
    }

    /** The modes to run, in order (after parsing). */
    List<TrainingMode> modes() {
        return List.copyOf(modes);
    }

    /** The fine-tuning settings of one mode: the options given, FineTuneConfig's defaults otherwise. */
    FineTuneConfig config(TrainingMode mode) {
        double rate = learningRate != null ? learningRate : FineTuneConfig.defaultLearningRate(mode);
        return FineTuneConfig.builder().mode(mode).topK(topK).learningRate(rate).weightDecay(weightDecay)
                .warmupRatio(warmupRatio).schedule(LrSchedule.parse(schedule)).maxGradNorm(maxGradNorm)
                .batchSize(batchSize).epochs(epochs).patience(patience).metric(ValidationMetric.parse(metric))
                .seed(seed).build();
    }

    /** Prints a progress line every few steps and a summary per epoch. */
    private static final class Progress implements FitProgress {
        private final PrintWriter out;
        private long windowStart = System.nanoTime();
        private int windowExamples;

        Progress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onStep(StepResult step, int epoch, long stepInEpoch, long stepsPerEpoch) {
            windowExamples += step.examples();
            if (stepInEpoch % 10 == 0 || stepInEpoch == stepsPerEpoch) {
                double rate = windowExamples / ((System.nanoTime() - windowStart) / 1e9);
                out.printf("epoch %d step %d/%d  loss %.4f  lr %.2e  grad-norm %.3f  %.1f ex/s%n", epoch,
                        stepInEpoch, stepsPerEpoch, step.loss(), step.learningRate(), step.gradNorm(), rate);
                out.flush();
                windowStart = System.nanoTime();
                windowExamples = 0;
            }
        }

        @Override
        public void onEpoch(EpochResult epoch) {
            out.printf("epoch %d done: train loss %.4f, %.1f ex/s, validation %s%n", epoch.epoch(),
                    epoch.trainLoss(), epoch.examplesPerSecond(), epoch.validation());
            out.flush();
        }
    }

    /** Parses {@code --mode} values. */
    static final class ModeConverter implements CommandLine.ITypeConverter<TrainingMode> {
        @Override
        public TrainingMode convert(String value) {
            return TrainingMode.parse(value);
        }
    }

    /** Standalone entry point; the launcher registers this class as its {@code finetune} subcommand. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FinetuneCommand()).execute(args));
    }
}
