package io.streamtune.launcher;

import io.streamtune.evaluator.ops.PromotionsReader;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.onnx.OnnxExport;
import io.streamtune.schemas.PromotionEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune export}: a task's champion (or one checkpoint) as a portable ONNX model. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the task's champion (the newest committed promotion), or checkpoint --version, as a "
                + "standard ONNX model any ONNX Runtime serves: model.onnx (inputs input_ids, attention_mask, "
                + "token_type_ids; outputs logits, probabilities), tokenizer.json, labels.json and model.json."})
final class ExportCommand implements Callable<Integer> {

    /** The trainer's default {@code checkpoint.dir}. */
    static final String DEFAULT_CHECKPOINT_DIR = "checkpoints";

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = {"-t", "--task"}, required = true, description = "Task whose model to export.")
    private String task;

    @Option(names = "--version", description = "Checkpoint id to export instead of the current champion.")
    private String version;

    @Option(names = "--format", defaultValue = "onnx", description = "Output format; only onnx (default).")
    private String format;

    @Option(names = {"-o", "--out"}, required = true, description = "Directory to write into (created if missing).")
    private Path out;

    @Option(names = "--checkpoint-dir", defaultValue = DEFAULT_CHECKPOINT_DIR,
            description = "The checkpoint store the trainer writes (its checkpoint.dir; default: ${DEFAULT-VALUE}).")
    private Path checkpointDir;

    @Option(names = "--force", description = "Write into a directory that is not empty, replacing files of the "
            + "same names.")
    private boolean force;

    /** What to export: a checkpoint id and, when a promotion named it, the content hash it announced. */
    private record Target(String version, String announcedHash) {}

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!"onnx".equals(format.toLowerCase(Locale.ROOT))) {
                throw new ExportException("unsupported format " + format + ": only onnx");
            }
            refuseNonEmpty();
            Target target = version == null ? champion() : new Target(version, null);
            CheckpointMetadata metadata = metadata(target);
            try (TextClassifier classifier = Checkpoints.loadClassifier(
                    new DirectoryCheckpointStore(checkpointDir), target.version(), "cpu")) {
                OnnxExport.write(classifier, out, new OnnxExport.Description(task, target.version(),
                        metadata.contentHash(), metadata.baseModel()));
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "Exported %s version %s (content hash %s, labels %s) to "
                    + "%s: %s (%.1f MB), %s, %s, %s%n", task, target.version(), metadata.contentHash(),
                    metadata.labels(), out, OnnxExport.MODEL_FILE,
                    Files.size(out.resolve(OnnxExport.MODEL_FILE)) / 1e6, OnnxExport.TOKENIZER_FILE,
                    OnnxExport.LABELS_FILE, OnnxExport.DESCRIPTION_FILE);
            return 0;
        } catch (ExportException e) {
            err.println("Cannot export: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Cannot export task " + task + ": " + e.getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }

    private void refuseNonEmpty() throws IOException {
        if (force || !Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new ExportException(out + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw new ExportException("output directory " + out + " is not empty (--force writes into it)");
            }
        }
    }

    private Target champion() {
        PromotionEvent champion;
        try (PromotionsReader reader = new PromotionsReader(connection.kafka(), connection.registry())) {
            champion = reader.champion(task);
        }
        if (champion == null) {
            throw new ExportException("task " + task + " has no champion: no committed promotion names it (an "
                    + "unknown task, or none of its checkpoints promoted yet; --version exports a checkpoint)");
        }
        return new Target(champion.getLocation(), champion.getContentHash());
    }

    /** The checkpoint's metadata, checked against the task and the promotion that named it. */
    private CheckpointMetadata metadata(Target target) throws IOException {
        CheckpointMetadata metadata;
        try {
            metadata = Checkpoints.readMetadata(new DirectoryCheckpointStore(checkpointDir), target.version());
        } catch (NoSuchFileException e) {
            throw new ExportException("checkpoint " + target.version() + " of task " + task + " is not in "
                    + checkpointDir.toAbsolutePath() + " (missing " + e.getFile() + "; is --checkpoint-dir the "
                    + "trainer's checkpoint.dir?)");
        }
        String owner = metadata.extra() == null ? null : metadata.extra().get("task");
        boolean belongs = owner != null ? owner.equals(task) : target.version().startsWith(task + "/");
        if (!belongs) {
            throw new ExportException("checkpoint " + target.version() + " belongs to task "
                    + (owner == null ? "(not recorded)" : owner) + ", not " + task);
        }
        if (target.announcedHash() != null && !target.announcedHash().equals(metadata.contentHash())) {
            throw new ExportException("checkpoint " + target.version() + " has content hash "
                    + metadata.contentHash() + " but its promotion announced " + target.announcedHash()
                    + ": the store holds other files than were promoted");
        }
        return metadata;
    }

    /** A refusal whose message is the whole explanation. */
    private static final class ExportException extends RuntimeException {
        ExportException(String message) {
            super(message);
        }
    }
}
