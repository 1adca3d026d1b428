package io.streamtune.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.model.train.TrainingMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The last offline result of each fine-tuning mode on this machine, kept beside the dataset cache
 * ({@code finetune-<mode>.json}) so that streaming runs ({@code streamtune demo}) can show the offline figure next
 * to their own.
 */
public final class OfflineResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One saved result.
     *
     * @param trainExamples training emails used
     * @param testExamples  held-out emails scored
     */
    public record Result(TrainingMode mode, int trainExamples, int epochs, int maxLength, int testExamples,
            double accuracy, double macroF1, Instant finishedAt) {}

    private OfflineResults() {
    }

    static Path file(Path dataDir, TrainingMode mode) {
        return dataDir.resolve("finetune-" + mode.id() + ".json");
    }

    /** Saves {@code report}, replacing the mode's earlier result. */
    public static void save(Path dataDir, OfflineFineTuning.Report report, int trainExamples) throws IOException {
        ObjectNode node = JSON.createObjectNode()
                .put("mode", report.config().mode().id())
                .put("trainExamples", trainExamples)
                .put("epochs", report.fit().epochs().size())
                .put("maxLength", report.options().maxLength())
                .put("testExamples", report.test().count())
                .put("accuracy", report.test().accuracy())
                .put("macroF1", report.test().macroF1())
                .put("finishedAt", Instant.now().toString());
        Files.createDirectories(dataDir);
        Files.writeString(file(dataDir, report.config().mode()), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(node));
    }

    /** The mode's last saved result, if any (an unreadable file counts as none). */
    public static Optional<Result> read(Path dataDir, TrainingMode mode) {
        Path file = file(dataDir, mode);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return Optional.of(new Result(TrainingMode.parse(node.path("mode").asText()),
                    node.path("trainExamples").asInt(), node.path("epochs").asInt(), node.path("maxLength").asInt(),
                    node.path("testExamples").asInt(), node.path("accuracy").asDouble(),
                    node.path("macroF1").asDouble(), Instant.parse(node.path("finishedAt").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
