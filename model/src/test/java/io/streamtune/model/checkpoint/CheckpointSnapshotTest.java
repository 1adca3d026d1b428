package io.streamtune.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TinyModels;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSnapshotTest {

    private static final List<LabeledText> DATA = TinyModels.examples(96, 5);
    private static final FineTuneConfig CONFIG = FineTuneConfig.builder().learningRate(1e-3).batchSize(16)
            .seed(3).build();
    private static final Map<String, byte[]> REPLAY = Map.of("replay.json", new byte[] {'{', '}'});

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheModelAsItWasWhenTheSnapshotWasTakenNotAsLaterStepsLeftIt() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        Map<String, float[]> atSnapshot;
        try (TextClassifier classifier = TinyModels.classifier(0f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            tuner.trainOn(DATA.subList(0, 32));
            atSnapshot = TinyModels.values(classifier.parameters());
            Checkpoints.save(store, "t/at-snapshot", tuner, "tiny", Map.of(), REPLAY);
            try (CheckpointSnapshot snapshot = Checkpoints.snapshot(tuner, "tiny", Map.of(), REPLAY)) {
                tuner.trainOn(DATA.subList(32, 96));
                assertThat(TinyModels.values(classifier.parameters()).get("classifier.weight"))
                        .isNotEqualTo(atSnapshot.get("classifier.weight"));

                CheckpointMetadata written = snapshot.writeTo(store, "t/snapshot");

                assertThat(written.step()).isEqualTo(2);
                assertThat(written.files()).isEqualTo(Checkpoints.readMetadata(store, "t/at-snapshot").files());
            }
        }
        try (TextClassifier loaded = Checkpoints.loadClassifier(store, "t/snapshot", "cpu")) {
            Map<String, float[]> values = TinyModels.values(loaded.parameters());
            assertThat(values.keySet()).isEqualTo(atSnapshot.keySet());
            List<String> differing = atSnapshot.keySet().stream()
                    .filter(name -> !java.util.Arrays.equals(atSnapshot.get(name), values.get(name))).toList();
            assertThat(differing).isEmpty();
        }
    }

    @Test
    void shouldWriteOnAnotherThreadTheSameFilesAsASaveAtThatStep() throws Exception {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            tuner.trainOn(DATA.subList(0, 48));
            CheckpointSnapshot snapshot = Checkpoints.snapshot(tuner, "tiny", Map.of("task", "t"), REPLAY);
            CompletableFuture<CheckpointMetadata> background = CompletableFuture.supplyAsync(() -> {
                try (snapshot) {
                    return snapshot.writeTo(store, "t/background");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, writer);
            CheckpointMetadata inline = Checkpoints.save(store, "t/inline", tuner, "tiny", Map.of("task", "t"),
                    REPLAY);

            assertThat(background.get().contentHash()).isEqualTo(inline.contentHash());
        } finally {
            writer.shutdown();
        }
        FineTuner resumed = Checkpoints.resume(store, "t/background", "cpu");
        try (TextClassifier classifier = resumed.classifier(); resumed) {
            assertThat(resumed.step()).isEqualTo(3);
        }
    }

    @Test
    void shouldRefuseToWriteAClosedSnapshot() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (TextClassifier classifier = TinyModels.classifier(0f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            CheckpointSnapshot snapshot = Checkpoints.snapshot(tuner, "tiny", Map.of(), Map.of());
            assertThat(snapshot.tensorBytes()).isGreaterThan(0);
            snapshot.close();
            assertThatThrownBy(() -> snapshot.writeTo(store, "t/closed")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(store.list()).isEmpty();
    }
}
