package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.TaskIngest;
import io.streamtune.tasks.TaskSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A spec's ingest settings over the service's defaults: what the spec leaves null takes the default. */
class IngestTaskDefaultsTest {

    private static final IngestTaskDefaults DEFAULTS = new IngestTaskDefaults(10_000, 0, 0.1, 1000,
            Duration.ofSeconds(60));

    @Test
    void shouldTakeEveryDefaultWhenTheSpecHasNoIngestSettings() {
        TaskRules rules = DEFAULTS.rules(TaskSpecs.of("t_1-a", List.of("a", "b"), Instant.EPOCH).build());

        assertThat(rules).isEqualTo(new TaskRules("t_1-a", List.of("a", "b"), 10_000, 0, 0.1, 1000,
                Duration.ofSeconds(60)));
    }

    @Test
    void shouldTakeEachSettingTheSpecSetsAndTheDefaultForTheOthers() {
        TaskIngest ingest = TaskIngest.newBuilder().setMaxTextChars(50).setValidationFraction(0.5)
                .setShardMaxAgeMs(1500L).build();

        TaskRules rules = DEFAULTS.rules(TaskSpecs.of("t", List.of("x", "y", "z"), Instant.EPOCH).setIngest(ingest)
                .build());

        assertThat(rules).isEqualTo(new TaskRules("t", List.of("x", "y", "z"), 50, 0, 0.5, 1000,
                Duration.ofMillis(1500)));
    }

    @Test
    void shouldTakeFeatureDimensionAndShardSizeFromTheSpec() {
        TaskIngest ingest = TaskIngest.newBuilder().setFeatureDimension(3).setShardMaxExamples(64).build();

        TaskRules rules = DEFAULTS.rules(TaskSpecs.of("t", List.of("x", "y"), Instant.EPOCH).setIngest(ingest)
                .build());

        assertThat(rules.featureDimension()).isEqualTo(3);
        assertThat(rules.shardMaxExamples()).isEqualTo(64);
        assertThat(rules.maxTextChars()).isEqualTo(10_000);
    }
}
