package io.streamtune.serving;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One answer of a champion: the most probable label, the probability of every label (in the task's label order)
 * and the version of the model that gave it.
 *
 * @param label         the label with the highest probability
 * @param probabilities every label's probability, in the task's label order; they sum to 1
 * @param modelVersion  checkpoint id of the model that answered
 */
public record Prediction(String label, Map<String, Double> probabilities, String modelVersion) {

    public Prediction {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(modelVersion, "modelVersion");
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }
}
