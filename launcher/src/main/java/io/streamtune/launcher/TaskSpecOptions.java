package io.streamtune.launcher;

import io.streamtune.launcher.task.TaskEdits;
import io.streamtune.launcher.task.TaskSpecFile;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The settings {@code task create} and {@code task update} take; an option given wins over the same in the file. */
final class TaskSpecOptions {

    @Option(names = "--labels", split = ",", paramLabel = "LABEL",
            description = "Labels, in the classifier's output order (at least two). Fixed for the task's life.")
    private List<String> labels;

    @Option(names = "--base-model", paramLabel = "M", description = "Base model: a built-in name (e.g. "
            + "all-MiniLM-L6-v2) or onnx:PATH with --tokenizer. Fixed for the task's life (default: the trainer's).")
    private String baseModel;

    @Option(names = "--tokenizer", paramLabel = "PATH",
            description = "The tokenizer.json of an onnx: base model (tokenizer:PATH or PATH).")
    private String tokenizer;

    @Option(names = "--mode", paramLabel = "MODE", description = "full, feature-extraction or top-k.")
    private String mode;

    @Option(names = "--top-k", paramLabel = "N", description = "Encoder layers trained in top-k mode.")
    private Integer topK;

    @Option(names = "--learning-rate", paramLabel = "X", description = "Peak learning rate.")
    private Double learningRate;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per optimizer step.")
    private Integer batchSize;

    @Option(names = "--max-length", paramLabel = "N", description = "Longest token sequence.")
    private Integer maxLength;

    @Option(names = "--gate", paramLabel = "RULES", description = "Promotion rules, ';'-separated, e.g. "
            + "\"macro_f1 >= 0.8; macro_f1 not_worse_than champion by 0.005 at 0.95; log_loss < champion; "
            + "anchor_macro_f1 >= champion - 0.01\" (forms: evaluator-service/README.md).")
    private String gate;

    @Option(names = "--validation-fraction", paramLabel = "X",
            description = "Fraction of examples ingest sends to validation.")
    private Double validationFraction;

    @Option(names = "--description", paramLabel = "TEXT", description = "Free text for people.")
    private String description;

    @Option(names = "--from-file", paramLabel = "FILE", description = "Settings in a .json or .yaml file, with the "
            + "field names of the TaskSpec schema (labels, baseModel, training.learningRate, ...).")
    private Path fromFile;

    /** The file's settings (if any) overridden by the options given. */
    TaskEdits edits(String task) {
        TaskEdits options = new TaskEdits()
                .set("labels", labels)
                .set("baseModel", baseModel)
                .set("baseModelTokenizer", tokenizer == null || tokenizer.startsWith("tokenizer:") ? tokenizer
                        : "tokenizer:" + tokenizer)
                .set("training.mode", mode)
                .set("training.topK", topK)
                .set("training.learningRate", learningRate)
                .set("training.batchSize", batchSize)
                .set("training.maxLength", maxLength)
                .set("evaluation.gateRules", gate)
                .set("ingest.validationFraction", validationFraction)
                .set("description", description);
        return fromFile == null ? options : TaskSpecFile.read(fromFile, task).overriddenBy(options);
    }
}
