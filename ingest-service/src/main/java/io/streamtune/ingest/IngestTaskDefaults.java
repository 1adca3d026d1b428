package io.streamtune.ingest;

import io.streamtune.schemas.TaskIngest;
import io.streamtune.schemas.TaskSpec;
import java.time.Duration;

/**
 * The ingest service's configured per-task defaults, and the one place where a {@link TaskSpec} becomes
 * {@link TaskRules}: each setting the spec leaves null (or its whole {@code ingest} record) takes the default.
 *
 * @param maxTextChars       {@code max.text.chars}
 * @param featureDimension   {@code feature.dimension}
 * @param validationFraction {@code validation.fraction}
 * @param shardMaxExamples   {@code shard.max.examples}
 * @param shardMaxAge        {@code shard.max.age.ms}
 */
public record IngestTaskDefaults(int maxTextChars, int featureDimension, double validationFraction,
                                 int shardMaxExamples, Duration shardMaxAge) {

    private static final TaskIngest NO_OVERRIDES = TaskIngest.newBuilder().build();

    /** The rules of {@code spec}'s task: its labels, and its ingest settings where set, else these defaults. */
    public TaskRules rules(TaskSpec spec) {
        TaskIngest ingest = spec.getIngest() != null ? spec.getIngest() : NO_OVERRIDES;
        return new TaskRules(spec.getName(), spec.getLabels(),
                orDefault(ingest.getMaxTextChars(), maxTextChars),
                orDefault(ingest.getFeatureDimension(), featureDimension),
                orDefault(ingest.getValidationFraction(), validationFraction),
                orDefault(ingest.getShardMaxExamples(), shardMaxExamples),
                ingest.getShardMaxAgeMs() != null ? Duration.ofMillis(ingest.getShardMaxAgeMs()) : shardMaxAge);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
