package io.streamtune.trainer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommittedOffsetsTest {

    @Test
    void shouldCommitEverythingHandledWhenNoOtherTaskHasPendingShards() {
        assertThat(CommittedOffsets.safeToCommit(12, List.of())).isEqualTo(12);
    }

    @Test
    void shouldStopAtTheOldestShardAnotherTaskHasNotCheckpointed() {
        assertThat(CommittedOffsets.safeToCommit(12, List.of(9L, 5L))).isEqualTo(5);
    }
}
