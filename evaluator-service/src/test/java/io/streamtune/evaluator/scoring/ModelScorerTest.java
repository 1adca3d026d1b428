package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.evaluator.TestModels;
import io.streamtune.evaluator.gate.ScoredModel;
import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.schemas.LabeledExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading and scoring through the real checkpoint store and model code, with every way a checkpoint can fail. */
class ModelScorerTest {

    @TempDir
    static Path shared;

    private static DirectoryCheckpointStore store;
    private static CheckpointMetadata good;

    private ValidationSet validation;
    private ModelScorer scorer;

    @BeforeAll
    static void trainOneCheckpoint() {
        store = new DirectoryCheckpointStore(shared.resolve("store"));
        good = TestModels.trainAndSave(store, "spam/good", false);
    }

    @BeforeEach
    void fillValidation() {
        validation = new ValidationSet(20, 100);
        TestModels.examples("val-", 120, 2).forEach(validation::add);
        scorer = new ModelScorer(store, new TestModels.TinyBase(), "cpu", 16);
    }

    @Test
    void shouldScoreACheckpointOnTheRecentExamplesAndTheAnchorSlice() {
        Scoring scoring = scorer.scoreCheckpoint("good", "spam/good", good.contentHash(), validation);

        assertThat(scoring.model()).isInstanceOf(ScoredModel.Scored.class);
        assertThat(scoring.recent().getExamples()).isEqualTo(100);
        assertThat(scoring.recent().getMacroF1()).isGreaterThan(0.9);
        assertThat(scoring.anchor().getExamples()).isEqualTo(20);
        assertThat(scoring.anchor().getLabels()).containsExactly("ham", "spam");
    }

    @Test
    void shouldGiveAnExampleInBothSlicesTheSamePredictionInEach() {
        ValidationSet overlapping = new ValidationSet(20, 100);
        TestModels.examples("both-", 110, 3).forEach(overlapping::add);

        Scoring scoring = scorer.scoreCheckpoint("good", "spam/good", good.contentHash(), overlapping);

        // The recent slice is examples 10..109; the anchor 0..19, so anchor rows 10..19 are recent rows 0..9.
        Predictions recent = ((ScoredModel.Scored) scoring.model()).predictions();
        Predictions anchor = scoring.anchorPredictions();
        assertThat(recent.size()).isEqualTo(100);
        assertThat(anchor.size()).isEqualTo(20);
        for (int i = 0; i < 10; i++) {
            assertThat(anchor.probabilities()[10 + i]).isEqualTo(recent.probabilities()[i]);
            assertThat(anchor.truth()[10 + i]).isEqualTo(recent.truth()[i]);
        }
        assertThat(anchor.metrics()).isEqualTo(scoring.anchor());
    }

    @Test
    void shouldGiveEveryExampleTheProbabilitiesTheCheckpointGivesItAlone() throws IOException {
        // Mixed lengths, so that length-sorted batching regroups the examples: a third of them cut short.
        ValidationSet mixed = new ValidationSet(20, 100);
        TestModels.examples("mixed-", 120, 4).stream()
                .map(e -> Integer.parseInt(e.getId().substring(6)) % 3 != 0 ? e
                        : LabeledExample.newBuilder(e).setText(e.getText().substring(0, e.getText().length() / 3))
                                .build())
                .forEach(mixed::add);

        Scoring scoring = scorer.scoreCheckpoint("good", "spam/good", good.contentHash(), mixed);

        float[][] recent = ((ScoredModel.Scored) scoring.model()).predictions().probabilities();
        try (TextClassifier alone = Checkpoints.loadClassifier(store, "spam/good", "cpu")) {
            for (int i = 0; i < recent.length; i++) {
                float[] expected = alone.predictProbabilities(List.of(mixed.recent().get(i).getText()), 1).get(0);
                for (int c = 0; c < expected.length; c++) {
                    assertThat(recent[i][c]).as("example %d class %d", i, c).isCloseTo(expected[c], within(1e-5f));
                }
            }
        }
    }

    @Test
    void shouldScoreTheBaseModelNearChanceWithTheCandidatesLabels() {
        Scoring scoring = scorer.scoreBaseModel(TestModels.LABELS, good.modelOptions(), validation);

        assertThat(scoring.model().version()).isNull();
        assertThat(scoring.model().displayName()).isEqualTo("base model");
        assertThat(scoring.recent().getExamples()).isEqualTo(100);
        assertThat(scoring.recent().getMacroF1()).isLessThan(0.8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../elsewhere/spam/good", "spam/../../elsewhere/spam/good", "/etc/passwd",
        "spam\\..\\..\\x", "C:/x", ""})
    void shouldRefuseALocationOutsideTheStore(String location) {
        Scoring scoring = scorer.scoreCheckpoint("evil", location, null, validation);

        assertUnavailable(scoring, Unavailability.LOCATION_OUTSIDE_STORE);
    }

    @Test
    void shouldRefuseARealCheckpointLyingOutsideTheStore() throws IOException {
        // A complete, valid checkpoint next to the store: reachable by path, but not inside the store.
        copyTree(store.root().resolve("spam/good"), shared.resolve("elsewhere/spam/good"));
        assertThat(shared.resolve("elsewhere/spam/good/" + Checkpoints.PARAMETERS)).exists();

        assertUnavailable(scorer.scoreCheckpoint("evil", "../elsewhere/spam/good", null, validation),
                Unavailability.LOCATION_OUTSIDE_STORE);
        assertUnavailable(scorer.scoreCheckpoint("evil", shared.resolve("elsewhere/spam/good").toString(), null,
                validation), Unavailability.LOCATION_OUTSIDE_STORE);
    }

    @Test
    void shouldReportACheckpointThatWasNeverWrittenAsMissing() {
        assertUnavailable(scorer.scoreCheckpoint("ghost", "spam/ghost", null, validation),
                Unavailability.CHECKPOINT_MISSING);
    }

    @Test
    void shouldReportAMissingParameterFileAsMissing() throws IOException {
        copyGoodCheckpoint("spam/no-params");
        Files.delete(store.root().resolve("spam/no-params/" + Checkpoints.PARAMETERS));

        assertUnavailable(scorer.scoreCheckpoint("no-params", "spam/no-params", null, validation),
                Unavailability.CHECKPOINT_MISSING);
    }

    @Test
    void shouldReportCorruptParametersAsUnreadable() throws IOException {
        copyGoodCheckpoint("spam/corrupt");
        Path parameters = store.root().resolve("spam/corrupt/" + Checkpoints.PARAMETERS);
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(parameters, bytes);

        Scoring scoring = scorer.scoreCheckpoint("corrupt", "spam/corrupt", null, validation);

        assertUnavailable(scoring, Unavailability.CHECKPOINT_UNREADABLE);
        assertThat(((ScoredModel.Unavailable) scoring.model()).reason()).contains("corrupt");
    }

    @Test
    void shouldReportUnparsableMetadataAsUnreadable() throws IOException {
        copyGoodCheckpoint("spam/garbled");
        Files.writeString(store.root().resolve("spam/garbled/" + Checkpoints.METADATA), "{ not json");

        assertUnavailable(scorer.scoreCheckpoint("garbled", "spam/garbled", null, validation),
                Unavailability.CHECKPOINT_UNREADABLE);
    }

    @Test
    void shouldRefuseContentOtherThanTheEventAnnounced() {
        Scoring scoring = scorer.scoreCheckpoint("good", "spam/good", "0".repeat(64), validation);

        assertUnavailable(scoring, Unavailability.CONTENT_HASH_MISMATCH);
        assertThat(((ScoredModel.Unavailable) scoring.model()).reason()).contains(good.contentHash());
    }

    @Test
    void shouldReportValidationLabelsTheModelCannotPredict() {
        validation.add(LabeledExample.newBuilder().setId("odd").setTask("spam").setText("verify your account")
                .setLabel("phishing").setEventTime(Instant.EPOCH).build());

        Scoring scoring = scorer.scoreCheckpoint("good", "spam/good", null, validation);

        assertUnavailable(scoring, Unavailability.LABEL_MISMATCH);
        assertThat(((ScoredModel.Unavailable) scoring.model()).reason()).contains("phishing");
    }

    private static void assertUnavailable(Scoring scoring, Unavailability code) {
        assertThat(scoring.model()).isInstanceOfSatisfying(ScoredModel.Unavailable.class,
                unavailable -> assertThat(unavailable.reasonCode()).isEqualTo(code.name()));
        assertThat(scoring.recent()).isNull();
        assertThat(scoring.anchor()).isNull();
    }

    /** A committed copy of the good checkpoint under {@code id}, its metadata pointing at its own directory. */
    private static void copyGoodCheckpoint(String id) throws IOException {
        copyTree(store.root().resolve("spam/good"), store.root().resolve(id));
        Path metadata = store.root().resolve(id + "/" + Checkpoints.METADATA);
        Files.writeString(metadata, Files.readString(metadata).replace("\"spam/good\"", "\"" + id + "\""));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (!Files.exists(target)) {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
