package io.streamtune.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.TestShards;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyAndValidationTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final CheckpointPolicy policy = new CheckpointPolicy(3, Duration.ofSeconds(30));
    private final ShardValidator validator = new ShardValidator(Map.of("spam", TestShards.LABELS)::get);

    @Test
    void shouldCheckpointAfterKShardsOrTSecondsButNeverWithNothingPending() {
        assertThat(policy.due(0, null, T0.plusSeconds(3600))).isFalse();
        assertThat(policy.due(2, T0, T0.plusSeconds(29))).isFalse();
        assertThat(policy.due(3, T0, T0.plusSeconds(1))).isTrue();
        assertThat(policy.due(1, T0, T0.plusSeconds(30))).isTrue();
    }

    @Test
    void shouldReportAPlateauAfterPatienceShardsWithoutImprovement() {
        PlateauDetector detector = new PlateauDetector(2, 0.01);
        assertThat(detector.record(1.0)).isFalse();
        assertThat(detector.record(0.8)).isFalse();
        assertThat(detector.record(0.795)).isFalse(); // within minDelta: no improvement, 1 shard
        assertThat(detector.record(0.81)).isTrue();
        assertThat(detector.record(0.5)).isFalse();
    }

    @Test
    void shouldAcceptAWellFormedShard() {
        assertThat(validator.check("spam", TestShards.shard("spam", 0, 4))).isEmpty();
    }

    @Test
    void shouldRefuseAShardOfAnUnconfiguredTask() {
        assertThat(validator.check("fraud", TestShards.shard("fraud", 0, 4)))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(ShardRejection.Code.UNKNOWN_TASK));
    }

    @Test
    void shouldRefuseAnEmptyShard() {
        TrainingShard empty = TrainingShard.newBuilder(TestShards.shard("spam", 0, 1)).setExamples(List.of()).build();
        assertThat(validator.check("spam", empty))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(ShardRejection.Code.EMPTY_SHARD));
    }

    @Test
    void shouldRefuseAShardWithALabelOutsideTheLabelMapNamingTheKnownLabels() {
        TrainingShard shard = TestShards.shard("spam", 0, 4);
        List<ShardExample> examples = new ArrayList<>(shard.getExamples());
        examples.set(2, ShardExample.newBuilder(examples.get(2)).setLabel("phishing").build());
        assertThat(validator.check("spam", TrainingShard.newBuilder(shard).setExamples(examples).build()))
                .hasValueSatisfying(r -> {
                    assertThat(r.code()).isEqualTo(ShardRejection.Code.UNKNOWN_LABEL);
                    assertThat(r.explanation()).contains("phishing", "[ham, spam]");
                });
    }

    @Test
    void shouldRefuseAShardWithAnExampleWithoutText() {
        TrainingShard shard = TestShards.shard("spam", 0, 2);
        List<ShardExample> examples = List.of(shard.getExamples().get(0),
                ShardExample.newBuilder(shard.getExamples().get(1)).setText(null).setFeatures(List.of(1.0)).build());
        assertThat(validator.check("spam", TrainingShard.newBuilder(shard).setExamples(examples).build()))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(ShardRejection.Code.NO_TEXT));
    }

    @Test
    void shouldRefuseAShardWhoseKeyIsNotItsTask() {
        assertThat(validator.check("ham", TestShards.shard("spam", 0, 2)))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(ShardRejection.Code.KEY_MISMATCH));
    }
}
