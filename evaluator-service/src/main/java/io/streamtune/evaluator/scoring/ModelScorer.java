package io.streamtune.evaluator.scoring;

import io.streamtune.evaluator.gate.ScoredModel;
import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.schemas.LabeledExample;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads models (checkpoints from the store, or the base model) and scores them on a validation set. Every failure
 * to load becomes a {@link ScoredModel.Unavailable} with an {@link Unavailability} code instead of an exception, so
 * the gate can explain it. Every classifier is closed after scoring: each holds native memory.
 */
public final class ModelScorer {

    private static final Logger LOG = LoggerFactory.getLogger(ModelScorer.class);

    private final CheckpointStore store;
    private final BaseModelFactory baseModel;
    private final String device;
    private final int batchSize;

    /**
     * @param store     where checkpoints live; locations are resolved inside it only
     * @param baseModel builds the initial champion
     * @param device    {@code cpu}, {@code auto}, {@code gpu:N}
     * @param batchSize examples per forward pass
     */
    public ModelScorer(CheckpointStore store, BaseModelFactory baseModel, String device, int batchSize) {
        this.store = Objects.requireNonNull(store, "store");
        this.baseModel = Objects.requireNonNull(baseModel, "baseModel");
        this.device = device;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** A checkpoint's metadata, read after confining its location to the store. */
    public sealed interface Located {
        /** The checkpoint exists and its metadata was read. */
        record Found(String location, CheckpointMetadata metadata) implements Located {
        }

        /** The checkpoint cannot be used. */
        record NotFound(Scoring scoring) implements Located {
        }
    }

    /**
     * Finds checkpoint {@code version} at {@code location} inside the store and checks it is the content announced.
     *
     * @param expectedHash content hash the event announced, or {@code null} to accept any
     */
    public Located locate(String version, String location, String expectedHash) {
        try {
            CheckpointStore.requireRelativePath(location);
        } catch (IllegalArgumentException e) {
            return notFound(version, Unavailability.LOCATION_OUTSIDE_STORE,
                    "location '" + location + "' is not inside the checkpoint store: " + e.getMessage());
        }
        CheckpointMetadata metadata;
        try {
            if (!store.exists(location)) {
                return notFound(version, Unavailability.CHECKPOINT_MISSING,
                        "no committed checkpoint at '" + location + "' in the store");
            }
            metadata = Checkpoints.readMetadata(store, location);
        } catch (IllegalArgumentException e) {
            // The store's own confinement (e.g. a symbolic link or a path its backend cannot hold).
            return notFound(version, Unavailability.LOCATION_OUTSIDE_STORE, e.getMessage());
        } catch (NoSuchFileException | FileNotFoundException e) {
            return notFound(version, Unavailability.CHECKPOINT_MISSING, "checkpoint file missing: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return notFound(version, Unavailability.CHECKPOINT_UNREADABLE,
                    "cannot read metadata of '" + location + "': " + e.getMessage());
        }
        if (expectedHash != null && !expectedHash.equals(metadata.contentHash())) {
            return notFound(version, Unavailability.CONTENT_HASH_MISMATCH, "checkpoint at '" + location
                    + "' has content hash " + metadata.contentHash() + ", the event announced " + expectedHash);
        }
        return new Located.Found(location, metadata);
    }

    /** Loads and scores a located checkpoint on {@code validation}. */
    public Scoring scoreCheckpoint(String version, Located.Found checkpoint, ValidationSet validation) {
        LabelMap labels = new LabelMap(checkpoint.metadata().labels());
        Scoring mismatch = requireKnownLabels(version, labels, validation);
        if (mismatch != null) {
            return mismatch;
        }
        TextClassifier classifier;
        try {
            classifier = Checkpoints.loadClassifier(store, checkpoint.location(), device);
        } catch (NoSuchFileException | FileNotFoundException e) {
            return Scoring.unavailable(version, Unavailability.CHECKPOINT_MISSING,
                    "checkpoint file missing: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Checkpoint {} at {} cannot be loaded", version, checkpoint.location(), e);
            return Scoring.unavailable(version, Unavailability.CHECKPOINT_UNREADABLE,
                    "cannot load checkpoint '" + checkpoint.location() + "': " + e.getMessage());
        }
        try (classifier) {
            return score(version, classifier, validation);
        }
    }

    /** Finds, loads and scores a checkpoint; any failure is an unavailable scoring. */
    public Scoring scoreCheckpoint(String version, String location, String expectedHash, ValidationSet validation) {
        Located located = locate(version, location, expectedHash);
        if (located instanceof Located.NotFound notFound) {
            return notFound.scoring();
        }
        return scoreCheckpoint(version, (Located.Found) located, validation);
    }

    /**
     * Scores the base model with a head for {@code labels}, built with the candidate's options (so its seed) on
     * this scorer's device. Version {@code null} marks the base model.
     */
    public Scoring scoreBaseModel(LabelMap labels, ModelOptions candidateOptions, ValidationSet validation) {
        return scoreBaseModel(baseModel, labels, candidateOptions, validation);
    }

    /** As {@link #scoreBaseModel(LabelMap, ModelOptions, ValidationSet)}, with the task's own {@code base}. */
    public Scoring scoreBaseModel(BaseModelFactory base, LabelMap labels, ModelOptions candidateOptions,
            ValidationSet validation) {
        Scoring mismatch = requireKnownLabels(null, labels, validation);
        if (mismatch != null) {
            return mismatch;
        }
        TextClassifier classifier;
        try {
            classifier = base.create(labels, new ModelOptions(candidateOptions.maxLength(),
                    candidateOptions.dropout(), device, candidateOptions.seed()));
        } catch (RuntimeException e) {
            LOG.warn("Base model {} cannot be built", base.name(), e);
            return Scoring.unavailable(null, Unavailability.BASE_MODEL_UNAVAILABLE,
                    "cannot build base model " + base.name() + ": " + e.getMessage());
        }
        try (classifier) {
            return score(null, classifier, validation);
        }
    }

    /** Runs the model once over every example held (the slices overlap) and splits the predictions by slice. */
    private Scoring score(String version, TextClassifier classifier, ValidationSet validation) {
        List<LabeledExample> union = validation.union();
        Predictions all = predictions(classifier, union);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < union.size(); i++) {
            position.put(union.get(i).getId(), i);
        }
        Predictions recent = slice(all, validation.recent(), position);
        Predictions anchor = validation.anchor().isEmpty() ? null : slice(all, validation.anchor(), position);
        return new Scoring(new ScoredModel.Scored(version, recent.metrics(), recent),
                anchor == null ? null : anchor.metrics(), anchor);
    }

    private static Predictions slice(Predictions all, List<LabeledExample> examples, Map<String, Integer> position) {
        int[] truth = new int[examples.size()];
        float[][] probabilities = new float[examples.size()][];
        for (int i = 0; i < truth.length; i++) {
            int at = position.get(examples.get(i).getId());
            truth[i] = all.truth()[at];
            probabilities[i] = all.probabilities()[at];
        }
        return new Predictions(all.labels(), truth, probabilities);
    }

    private Predictions predictions(TextClassifier classifier, List<LabeledExample> examples) {
        LabelMap labels = classifier.labels();
        int[] truth = new int[examples.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = labels.indexOf(examples.get(i).getLabel());
        }
        List<float[]> probabilities = classifier.predictProbabilities(
                examples.stream().map(LabeledExample::getText).toList(), batchSize);
        return new Predictions(labels.labels(), truth, probabilities.toArray(float[][]::new));
    }

    private static Scoring requireKnownLabels(String version, LabelMap labels, ValidationSet validation) {
        List<String> unknown = java.util.stream.Stream.concat(validation.anchor().stream(),
                        validation.recent().stream())
                .map(LabeledExample::getLabel).filter(label -> !labels.labels().contains(label))
                .distinct().sorted().toList();
        if (unknown.isEmpty()) {
            return null;
        }
        return Scoring.unavailable(version, Unavailability.LABEL_MISMATCH, "validation labels " + unknown
                + " are not among the model's labels " + labels.labels());
    }

    private static Located notFound(String version, Unavailability code, String reason) {
        return new Located.NotFound(Scoring.unavailable(version, code, reason));
    }
}
