package io.streamtune.serving;

import io.streamtune.model.checkpoint.CheckpointStore;
import java.io.IOException;

/**
 * Loads one checkpoint of the store as a {@link Scorer}: how a runtime (DJL, ONNX Runtime) plugs into the champion
 * library. The caller has already confined {@code checkpointId} to the store and checked the promotion's content hash
 * against the checkpoint's metadata; the factory verifies every file it reads against the hash the metadata records
 * (as {@code Checkpoints.loadClassifier} does) and throws rather than return a model built from a corrupt file.
 */
@FunctionalInterface
public interface ScorerFactory {

    /**
     * Loads checkpoint {@code checkpointId} (a store-relative location); the caller closes the scorer.
     *
     * @throws IOException when a file is missing, unreadable or does not match its recorded hash
     */
    Scorer load(CheckpointStore store, String checkpointId) throws IOException;
}
