package io.streamtune.serving.djl;

import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.serving.Scorer;
import io.streamtune.serving.ScorerFactory;
import java.io.IOException;
import java.util.Objects;

/**
 * Loads a checkpoint into DJL's PyTorch engine, as the evaluator scores it: {@link Checkpoints#loadClassifier}
 * verifies every file against the SHA-256 its metadata records.
 */
public final class DjlScorerFactory implements ScorerFactory {

    private final String device;

    /** @param device {@code cpu}, {@code auto}, {@code gpu} or {@code gpu:N} */
    public DjlScorerFactory(String device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public Scorer load(CheckpointStore store, String checkpointId) throws IOException {
        TextClassifier classifier = Checkpoints.loadClassifier(store, checkpointId, device);
        return new DjlScorer(classifier);
    }
}
