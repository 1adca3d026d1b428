package io.streamtune.evaluator;

import io.streamtune.evaluator.scoring.BaseModelFactory;
import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.testkit.KeywordTexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small real models for tests: a 2-layer, 32-wide encoder with the real MiniLM tokenizer, a two-class task it learns
 * in a few dozen steps, and checkpoints written through the model module's API. MiniLM itself is too slow for 2
 * shared cores.
 */
public final class TestModels {

    public static final String TASK = "spam";
    public static final LabelMap LABELS = LabelMap.of("ham", "spam");
    public static final int SEED = 5;
    private static final byte[] TOKENIZER = BaseModel.readResource(BaseModel.MINILM_TOKENIZER);

    private TestModels() {
    }

    /** A tiny random classifier: what a checkpoint holds before any training. */
    public static TextClassifier classifier(LabelMap labels, ModelOptions options) {
        return TextClassifier.randomlyInitialized(BertConfig.tiny(30522), TOKENIZER, labels, options);
    }

    /** Options of every test model: short texts, no dropout, CPU, fixed seed. */
    public static ModelOptions options() {
        return new ModelOptions(32, 0f, "cpu", SEED);
    }

    /**
     * A base model of the tiny shape (randomly initialised, as the pre-trained one would be loaded), counting
     * builds.
     */
    public static final class TinyBase implements BaseModelFactory {
        private final AtomicInteger builds = new AtomicInteger();

        @Override
        public String name() {
            return "tiny-random";
        }

        @Override
        public TextClassifier create(LabelMap labels, ModelOptions options) {
            builds.incrementAndGet();
            return classifier(labels, options);
        }

        /** How many classifiers were built, i.e. how often the base model was scored. */
        public int builds() {
            return builds.get();
        }
    }

    /** Examples whose label follows the vocabulary their keywords come from. */
    public static List<LabeledExample> examples(String idPrefix, int count, long seed) {
        Random random = new Random(seed);
        List<LabeledExample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KeywordTexts.Text text = KeywordTexts.DEFAULT.sentence(random);
            out.add(LabeledExample.newBuilder().setId(idPrefix + i).setTask(TASK).setText(text.text())
                    .setLabel(text.label()).setEventTime(Instant.EPOCH).build());
        }
        return out;
    }

    /**
     * Trains a tiny classifier and saves it as checkpoint {@code id}: on the true labels it learns the task, on
     * swapped labels it learns the opposite and scores far below chance.
     */
    public static CheckpointMetadata trainAndSave(CheckpointStore store, String id, boolean swapLabels) {
        return trainAndSave(store, id, swapLabels, SEED);
    }

    /** As {@link #trainAndSave(CheckpointStore, String, boolean)}, from another initialisation and data order. */
    public static CheckpointMetadata trainAndSave(CheckpointStore store, String id, boolean swapLabels, int seed) {
        List<LabeledText> data = examples("train-", 256, 1).stream()
                .map(e -> new LabeledText(e.getText(), swapLabels ? swap(e.getLabel()) : e.getLabel())).toList();
        FineTuneConfig config = FineTuneConfig.builder().learningRate(2e-3).batchSize(16).warmupSteps(4)
                .totalSteps(64).seed(seed).build();
        try (TextClassifier classifier = classifier(LABELS, options().withSeed(seed));
                FineTuner tuner = new FineTuner(classifier, config)) {
            for (int epoch = 0; epoch < 4; epoch++) {
                tuner.trainOn(data);
            }
            return Checkpoints.save(store, id, tuner, "tiny-random", Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String swap(String label) {
        return label.equals("spam") ? "ham" : "spam";
    }
}
