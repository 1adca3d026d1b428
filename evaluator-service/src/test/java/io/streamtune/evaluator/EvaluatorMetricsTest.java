package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.evaluator.drift.Distribution;
import io.streamtune.evaluator.drift.DriftLevel;
import io.streamtune.evaluator.drift.DriftSignal;
import io.streamtune.evaluator.drift.DriftSignalKind;
import io.streamtune.evaluator.gate.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EvaluatorMetrics metrics = new EvaluatorMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldCountRejectionsByReasonCodeAndWhyTheCandidateWasUnavailable() {
        metrics.evaluated("spam", decision(Decision.Code.CANDIDATE_UNAVAILABLE), "LOCATION_OUTSIDE_STORE",
                Duration.ofMillis(5));
        metrics.evaluated("spam", decision(Decision.Code.THRESHOLD_FAILED), null, Duration.ofMillis(5));
        metrics.evaluated("spam", decision(Decision.Code.THRESHOLD_FAILED), null, Duration.ofMillis(5));
        metrics.evaluated("spam", new Decision(true, Decision.Code.PROMOTED, "ok", List.of()), null,
                Duration.ofMillis(5));

        assertThat(registry.get(EvaluatorMetrics.EVALUATIONS).tag("task", "spam").counter().count()).isEqualTo(4);
        assertThat(registry.get(EvaluatorMetrics.REJECTIONS).tag("reason", "THRESHOLD_FAILED").counter().count())
                .isEqualTo(2);
        assertThat(registry.get(EvaluatorMetrics.REJECTIONS).tag("reason", "CANDIDATE_UNAVAILABLE")
                .tag("unavailable", "LOCATION_OUTSIDE_STORE").counter().count()).isEqualTo(1);
        assertThat(registry.find(EvaluatorMetrics.REJECTIONS).tag("reason", "PROMOTED").counter()).isNull();
        assertThat(registry.get(EvaluatorMetrics.EVALUATION_TIME).timer().count()).isEqualTo(4);
    }

    @Test
    void shouldReportTheAgeOfTheLatestChampionPerTask() {
        assertThat(registry.find(EvaluatorMetrics.CHAMPION_AGE).gauge()).as("base model: no gauge yet").isNull();

        metrics.championIs("spam", NOW.minusSeconds(90));
        metrics.championIs("spam", NOW.minusSeconds(30));
        metrics.promoted("spam", "ROLLBACK");

        assertThat(registry.get(EvaluatorMetrics.CHAMPION_AGE).tag("task", "spam").gauge().value()).isEqualTo(30.0);
        assertThat(registry.get(EvaluatorMetrics.PROMOTIONS).tag("kind", "ROLLBACK").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldShowEachDriftSignalsNewestValueAndLevelAndCountTheEvents() {
        Distribution counts = new Distribution(List.of("ham", "spam"), new long[] {1, 1});
        DriftSignal watch = new DriftSignal(DriftSignalKind.LABEL, 0.12, 0.1, DriftLevel.WATCH, counts, counts);
        DriftSignal drift = new DriftSignal(DriftSignalKind.LABEL, 0.4, 0.3, DriftLevel.DRIFT, counts, counts);
        DriftSignal quiet = new DriftSignal(DriftSignalKind.CONFIDENCE, 0.01, 0.01, DriftLevel.NONE, counts, counts);

        metrics.drift("spam", List.of(watch, quiet), List.of(watch));
        metrics.drift("spam", List.of(drift, quiet), List.of(drift));

        assertThat(registry.get(EvaluatorMetrics.DRIFT_PSI).tag("task", "spam").tag("signal", "label").gauge()
                .value()).isEqualTo(0.4);
        assertThat(registry.get(EvaluatorMetrics.DRIFT_LEVEL).tag("signal", "label").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get(EvaluatorMetrics.DRIFT_LEVEL).tag("signal", "confidence").gauge().value()).isZero();
        assertThat(registry.get(EvaluatorMetrics.DRIFT_EVENTS).tag("level", "DRIFT").counter().count()).isEqualTo(1);
        assertThat(registry.get(EvaluatorMetrics.DRIFT_EVENTS).counters()).hasSize(2);
    }

    private static Decision decision(Decision.Code code) {
        return new Decision(false, code, code.name(), List.of());
    }
}
