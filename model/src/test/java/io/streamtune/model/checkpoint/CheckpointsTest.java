package io.streamtune.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TinyModels;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BaseModelRef;
import io.streamtune.model.bert.BaseModels;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.model.bert.TinyBertOnnx;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.model.train.StepResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    private static final List<LabeledText> DATA = TinyModels.examples(160, 11);
    private static final FineTuneConfig CONFIG = FineTuneConfig.builder().learningRate(1e-3).batchSize(16)
            .warmupSteps(3).totalSteps(10).seed(9).build();

    @TempDir
    Path dir;

    @Test
    void shouldContinueFromACheckpointExactlyAsWithoutStopping() throws IOException {
        List<LabeledText> firstPart = DATA.subList(0, 80);
        List<LabeledText> secondPart = DATA.subList(80, 160);
        Map<String, float[]> uninterrupted;
        List<StepResult> uninterruptedSteps;
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            tuner.trainOn(firstPart);
            uninterruptedSteps = tuner.trainOn(secondPart);
            uninterrupted = TinyModels.values(classifier.parameters());
        }

        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            tuner.trainOn(firstPart);
            Checkpoints.save(store, "spam/step-5", tuner, "tiny", Map.of("parent", "none"));
        }
        FineTuner resumed = Checkpoints.resume(store, "spam/step-5", "cpu");
        try (TextClassifier classifier = resumed.classifier(); resumed) {
            assertThat(resumed.step()).isEqualTo(5);
            List<StepResult> resumedSteps = resumed.trainOn(secondPart);
            assertThat(resumedSteps).extracting(StepResult::step)
                    .containsExactlyElementsOf(uninterruptedSteps.stream().map(StepResult::step).toList());
            assertThat(resumedSteps.get(4).loss()).isEqualTo(uninterruptedSteps.get(4).loss(),
                    org.assertj.core.data.Offset.offset(1e-5));
            Map<String, float[]> after = TinyModels.values(classifier.parameters());
            uninterrupted.forEach((name, expected) -> {
                float[] actual = after.get(name);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("%s[%d]", name, i)
                            .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
                }
            });
        }
    }

    @Test
    void shouldWriteMetadataWithHashesLabelsAndHyperParameters() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (TextClassifier classifier = TinyModels.classifier(0f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            tuner.trainOn(DATA.subList(0, 32));
            CheckpointMetadata written = Checkpoints.save(store, "c1", tuner, "tiny", Map.of("shard", "s-1"));
            CheckpointMetadata read = Checkpoints.readMetadata(store, "c1");

            assertThat(read).isEqualTo(written);
            assertThat(read.step()).isEqualTo(2);
            assertThat(read.labels()).containsExactly("ham", "spam");
            assertThat(read.hyperParameters()).containsEntry("learningRate", "0.001").containsEntry("mode", "full");
            assertThat(read.files()).containsOnlyKeys(Checkpoints.PARAMETERS, Checkpoints.FIRST_MOMENTS,
                    Checkpoints.SECOND_MOMENTS, Checkpoints.TOKENIZER);
            assertThat(read.contentHash()).isEqualTo(Checkpoints.contentHash(read.files())).hasSize(64);
            assertThat(store.list()).containsExactly("c1");
        }
    }

    @Test
    void shouldHashAndVerifyTheCallersOwnFiles() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        byte[] replay = "{\"items\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (TextClassifier classifier = TinyModels.classifier(0f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            CheckpointMetadata written = Checkpoints.save(store, "c1", tuner, "tiny", Map.of(),
                    Map.of("replay.json", replay));
            assertThat(written.files()).containsKey("replay.json");
            assertThat(written.contentHash()).isEqualTo(Checkpoints.contentHash(written.files()));
        }
        assertThat(Checkpoints.readFile(store, "c1", "replay.json")).isEqualTo(replay);

        Files.write(dir.resolve("c1").resolve("replay.json"), new byte[] {'x'});
        assertThatThrownBy(() -> Checkpoints.readFile(store, "c1", "replay.json"))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void shouldRefuseACorruptedParameterFile() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (TextClassifier classifier = TinyModels.classifier(0f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            Checkpoints.save(store, "c1", tuner, "tiny", Map.of());
        }
        Path parameters = dir.resolve("c1").resolve(Checkpoints.PARAMETERS);
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length - 1] ^= 1;
        Files.write(parameters, bytes);

        assertThatThrownBy(() -> Checkpoints.loadClassifier(store, "c1", "cpu"))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void shouldLeaveNothingVisibleWhenAWriteIsAbandoned() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (CheckpointStore.PendingCheckpoint pending = store.begin("half")) {
            try (OutputStream out = pending.create(Checkpoints.PARAMETERS)) {
                out.write(new byte[] {1, 2, 3});
            }
        }
        assertThat(store.exists("half")).isFalse();
        assertThat(store.list()).isEmpty();
        assertThat(dir.resolve("half")).doesNotExist();
        try (var leftovers = Files.walk(dir.resolve(".tmp"))) {
            assertThat(leftovers.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void shouldStillLoadAndVerifyACheckpointWhoseOptimizerStateWasDropped() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        CheckpointMetadata written = saveTrainedTinyCheckpoint(store, "spam/c1");
        long before = store.bytesUsed();

        assertThat(Checkpoints.dropOptimizerState(store, "spam/c1")).isTrue();
        assertThat(Checkpoints.dropOptimizerState(store, "spam/c1")).isFalse();

        assertThat(store.bytesUsed()).isLessThan(before / 2);
        assertThat(dir.resolve("spam/c1").resolve(Checkpoints.FIRST_MOMENTS)).doesNotExist();
        assertThat(Checkpoints.readMetadata(store, "spam/c1").contentHash()).isEqualTo(written.contentHash());
        try (TextClassifier loaded = Checkpoints.loadClassifier(store, "spam/c1", "cpu")) {
            assertThat(loaded.labels().labels()).containsExactly("ham", "spam");
        }
        assertThatThrownBy(() -> Checkpoints.resume(store, "spam/c1", "cpu"))
                .isInstanceOf(IOException.class).hasMessageContaining("no optimizer state");
    }

    @Test
    void shouldRecordTheBaseModelFileHashAndKeepItAcrossResumes() throws IOException {
        Path onnx = new TinyBertOnnx(BertConfig.tiny(30522)).writeTo(dir.resolve("base.onnx"));
        Path tokenizer = Files.write(dir.resolve("tokenizer.json"),
                BaseModel.readResource(BaseModel.MINILM_TOKENIZER));
        BaseModelRef ref = BaseModelRef.parse("onnx:" + onnx, "tokenizer:" + tokenizer);
        String baseHash = BaseModels.load(ref).sha256();
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("store"));
        CheckpointMetadata first;
        try (TextClassifier classifier = BaseModels.newClassifier(ref, TinyModels.LABELS,
                new ModelOptions(32, 0f, "cpu", 4)); FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            tuner.trainOn(DATA.subList(0, 32));
            first = Checkpoints.save(store, "spam/c1", tuner, ref.id(), Map.of());
        }
        CheckpointMetadata next;
        FineTuner resumed = Checkpoints.resume(store, "spam/c1", "cpu");
        try (TextClassifier classifier = resumed.classifier(); resumed) {
            resumed.trainOn(DATA.subList(32, 64));
            next = Checkpoints.save(store, "spam/c2", resumed, ref.id(), Map.of());
        }

        assertThat(baseHash).hasSize(64);
        assertThat(first.baseModel()).isEqualTo("onnx:" + onnx);
        assertThat(first.baseModelSha256()).isEqualTo(baseHash);
        assertThat(Checkpoints.readMetadata(store, "spam/c1").baseModelSha256()).isEqualTo(baseHash);
        assertThat(next.baseModelSha256()).as("a resumed lineage keeps its base").isEqualTo(baseHash);
    }

    @Test
    void shouldLoadACheckpointWrittenBeforeTheBaseHashWasRecorded() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        saveTrainedTinyCheckpoint(store, "spam/old");
        Path metadataFile = dir.resolve("spam/old").resolve(Checkpoints.METADATA);
        ObjectMapper json = new ObjectMapper();
        ObjectNode metadata = (ObjectNode) json.readTree(metadataFile.toFile());
        assertThat(metadata.has("baseModelSha256")).as("written by this build").isTrue();
        metadata.remove("baseModelSha256");
        json.writeValue(metadataFile.toFile(), metadata);

        assertThat(Checkpoints.readMetadata(store, "spam/old").baseModelSha256()).isNull();
        try (TextClassifier loaded = Checkpoints.loadClassifier(store, "spam/old", "cpu")) {
            assertThat(loaded.labels().labels()).containsExactly("ham", "spam");
            assertThat(loaded.baseModelSha256()).isNull();
        }
    }

    @Test
    void shouldRejectPathsThatLeaveTheStore() {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a//b", "a\\b", "c:x", "", "a/./b")) {
            assertThatThrownBy(() -> store.begin(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open("c1", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldNotOverwriteACommittedCheckpoint() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (CheckpointStore.PendingCheckpoint pending = store.begin("c1")) {
            pending.commit();
        }
        assertThatThrownBy(() -> store.begin("c1")).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }


    /** A tiny classifier trained for two steps, saved as {@code id}. */
    private static CheckpointMetadata saveTrainedTinyCheckpoint(CheckpointStore store, String id) throws IOException {
        try (TextClassifier classifier = TinyModels.classifier(0f, 4);
                FineTuner tuner = new FineTuner(classifier, CONFIG)) {
            tuner.trainOn(DATA.subList(0, 32));
            return Checkpoints.save(store, id, tuner, "tiny", Map.of());
        }
    }
}
