package io.streamtune.serving;

import java.util.List;

/**
 * One loaded model that scores texts: the part of a champion that differs between runtimes (DJL's PyTorch engine, or
 * ONNX Runtime on the exported graph). Thread-safe for concurrent {@link #probabilities} calls; closed once, after the
 * last call.
 */
public interface Scorer extends AutoCloseable {

    /** The labels, in the order of each row of {@link #probabilities}. */
    List<String> labels();

    /** Probabilities per label, one row per text, in order. */
    List<float[]> probabilities(List<String> texts);

    @Override
    void close();
}
