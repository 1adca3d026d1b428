package io.streamtune.launcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.schemas.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSpecFileTest {

    private static final Instant T0 = Instant.parse("2026-12-05T15:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldReadTheSettingsOfAYamlFile() throws IOException {
        Path file = write("task.yaml", """
                name: news_en-2
                labels: [billing, bug, other]
                baseModel: all-MiniLM-L6-v2
                description: support tickets
                training:
                  mode: top-k
                  topK: 2
                  learningRate: 5e-5
                  checkpointEveryMs: 60000
                evaluation: {gateRules: "macro_f1 >= 0.8"}
                """);

        TaskEdits edits = TaskSpecFile.read(file, "news_en-2");
        TaskSpec spec = TaskSpecDrafts.create("news_en-2", edits, T0, "ann");

        assertThat(edits.problems()).isEmpty();
        assertThat(spec.getLabels()).containsExactly("billing", "bug", "other");
        assertThat(spec.getBaseModel()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(spec.getDescription()).isEqualTo("support tickets");
        assertThat(spec.getTraining().getMode()).isEqualTo("top-k");
        assertThat(spec.getTraining().getTopK()).isEqualTo(2);
        assertThat(spec.getTraining().getLearningRate()).as("YAML reads 5e-5 as text").isEqualTo(5e-5);
        assertThat(spec.getTraining().getCheckpointEveryMs()).isEqualTo(60_000L);
        assertThat(spec.getEvaluation().getGateRules()).isEqualTo("macro_f1 >= 0.8");
        assertThat(TaskSpecChecks.problems(spec)).isEmpty();
    }

    @Test
    void shouldReadWhatTaskDescribeJsonPrintsBack() throws IOException {
        TaskSpec original = TaskSpecDrafts.create("tickets", new TaskEdits().set("labels", "a,b,c")
                .set("training.batchSize", 16).set("ingest.shardMaxExamples", 32), T0, "ann");
        ObjectNode json = TaskSpecJson.toJson(original);
        json.remove(List.of("state", "updatedAt", "updatedBy"));

        TaskEdits edits = TaskSpecFile.read(write("task.json", json.toPrettyString()), "tickets");

        assertThat(edits.problems()).isEmpty();
        assertThat(TaskSpecDrafts.create("tickets", edits, T0, "ann")).isEqualTo(original);
    }

    @Test
    void shouldListEveryProblemOfAFile() throws IOException {
        Path file = write("task.yml", """
                name: other
                labels: [a, b]
                training: {batchSize: big, epochs: 3}
                """);

        assertThat(TaskSpecFile.read(file, "tickets").problems()).containsExactly(
                file + ": names task 'other', not 'tickets'",
                "training.batchSize: expected a whole number, was \"big\"",
                "unknown setting 'training.epochs'; known in training: [mode, topK, learningRate, warmupSteps, "
                        + "lrSchedule, totalSteps, weightDecay, batchSize, maxLength, dropout, replayCapacity, "
                        + "replayRatio, checkpointEveryShards, checkpointEveryMs]");
    }

    @Test
    void shouldRefuseAFileItCannotRead() throws IOException {
        assertThat(TaskSpecFile.read(write("task.txt", "labels: [a, b]"), "t").problems()).singleElement()
                .asString().endsWith("name it .json, .yaml or .yml, so its format is clear");
        assertThat(TaskSpecFile.read(write("bad.json", "{\"labels\": [a"), "t").problems()).singleElement()
                .asString().contains("not valid JSON");
        assertThat(TaskSpecFile.read(dir.resolve("missing.yaml"), "t").problems()).singleElement()
                .asString().startsWith("cannot read");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
