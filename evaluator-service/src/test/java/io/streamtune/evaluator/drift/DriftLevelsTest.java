package io.streamtune.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriftLevelsTest {

    private static final Distribution SOME = new Distribution(List.of("a"), new long[] {1});

    private static DriftSignal signal(DriftSignalKind kind, DriftLevel level) {
        return new DriftSignal(kind, 0.0, 0.0, level, SOME, SOME);
    }

    @Test
    void shouldReportOnlyLevelsThatChangedSinceTheLastPublication() {
        DriftLevels levels = new DriftLevels();
        DriftSignal quietLabels = signal(DriftSignalKind.LABEL, DriftLevel.NONE);
        DriftSignal driftingConfidence = signal(DriftSignalKind.CONFIDENCE, DriftLevel.DRIFT);

        assertThat(levels.changed("spam", List.of(quietLabels, driftingConfidence)))
                .as("NONE is where every signal starts").containsExactly(driftingConfidence);
        assertThat(levels.changed("spam", List.of(driftingConfidence))).as("not published yet: still a change")
                .containsExactly(driftingConfidence);

        levels.published("spam", List.of(driftingConfidence));
        assertThat(levels.changed("spam", List.of(driftingConfidence))).isEmpty();
        assertThat(levels.changed("other", List.of(driftingConfidence))).as("per task").hasSize(1);
        DriftSignal backToNone = signal(DriftSignalKind.CONFIDENCE, DriftLevel.NONE);
        assertThat(levels.changed("spam", List.of(backToNone))).containsExactly(backToNone);

        levels.forget("spam");
        assertThat(levels.last("spam", DriftSignalKind.CONFIDENCE)).isEqualTo(DriftLevel.NONE);
    }
}
