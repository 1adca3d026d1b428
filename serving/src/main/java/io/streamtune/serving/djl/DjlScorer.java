package io.streamtune.serving.djl;

import io.streamtune.model.TextClassifier;
import io.streamtune.serving.Scorer;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TextClassifier} (DJL's PyTorch engine) as a {@link Scorer}. Calls are serialised: DJL does not promise that
 * one model's blocks may run forward passes from several threads at once, and libtorch already spreads one forward
 * pass over the intra-op threads, so concurrent calls would gain little on a few cores.
 */
public final class DjlScorer implements Scorer {

    /** Texts per forward pass: a larger request is scored in chunks, bounding the native memory of one call. */
    static final int BATCH_SIZE = 32;

    private final TextClassifier classifier;
    private final List<String> labels;

    /** Takes ownership of {@code classifier}: {@link #close()} closes it. */
    public DjlScorer(TextClassifier classifier) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.labels = List.copyOf(classifier.labels().labels());
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public synchronized List<float[]> probabilities(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        return classifier.predictProbabilities(texts, BATCH_SIZE);
    }

    @Override
    public synchronized void close() {
        classifier.close();
    }
}
