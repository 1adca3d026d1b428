package io.streamtune.ingest;

import java.util.List;

/**
 * One task's rules, as {@link IngestConfig} reads them.
 *
 * @param name               task name, also the key of its shards
 * @param labels             accepted labels
 * @param maxTextChars       longest accepted text, in code points
 * @param featureDimension   required size of a present feature vector; 0 = no features allowed
 * @param validationFraction fraction of ids hashed to the validation split
 */
public record TaskRules(String name, List<String> labels, int maxTextChars, int featureDimension,
                        double validationFraction) {

    public TaskRules {
        labels = List.copyOf(labels);
    }
}
