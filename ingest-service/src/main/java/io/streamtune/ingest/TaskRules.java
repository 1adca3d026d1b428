package io.streamtune.ingest;

import java.time.Duration;
import java.util.List;

/**
 * One task's rules as ingest applies them: its spec's settings over the service's defaults
 * ({@link IngestTaskDefaults#rules}).
 *
 * @param name               task name, also the key of its shards
 * @param labels             accepted labels
 * @param maxTextChars       longest accepted text, in code points
 * @param featureDimension   required size of a present feature vector; 0 = no features allowed
 * @param validationFraction fraction of ids hashed to the validation split
 * @param shardMaxExamples   a shard of this task closes when it holds this many examples
 * @param shardMaxAge        a shard of this task closes this long (wall clock) after its first example
 */
public record TaskRules(String name, List<String> labels, int maxTextChars, int featureDimension,
                        double validationFraction, int shardMaxExamples, Duration shardMaxAge) {

    public TaskRules {
        labels = List.copyOf(labels);
    }
}
