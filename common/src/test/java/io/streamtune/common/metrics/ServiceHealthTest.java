package io.streamtune.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceHealthTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicBoolean retrying = new AtomicBoolean();
    private final ServiceHealth health = new ServiceHealth("trainer", Duration.ofSeconds(60), Duration.ofSeconds(30),
            reachable::get, retrying::get, now::get);

    @Test
    void shouldBeLiveButNotReadyUntilStarted() {
        assertThat(health.live().up()).isTrue();
        assertThat(health.ready()).isEqualTo(MetricsServer.Health.down("starting"));

        health.started();

        assertThat(health.ready().up()).isTrue();
    }

    @Test
    void shouldNotBeReadyWhileTheBrokerIsUnreachableButStayLive() {
        health.started();
        reachable.set(false);

        assertThat(health.ready()).isEqualTo(MetricsServer.Health.down("broker unreachable"));
        assertThat(health.live().up()).isTrue();
    }

    @Test
    void shouldStayLiveWhileRetryingACallForLongerThanTheLiveTimeout() {
        health.started();
        retrying.set(true);
        advance(Duration.ofMinutes(10));

        assertThat(health.live()).isEqualTo(MetricsServer.Health.up("waiting for the broker"));
        assertThat(health.ready().up()).isFalse();
    }

    @Test
    void shouldNotBeLiveWhenTheLoopStopsGoingRound() {
        health.started();
        advance(Duration.ofSeconds(61));

        assertThat(health.live())
                .isEqualTo(MetricsServer.Health.down("main loop made no progress for 61 s (limit 60 s)"))
                .isEqualTo(health.ready());

        health.beat();

        assertThat(health.live()).isEqualTo(MetricsServer.Health.up("main loop went round 0 s ago"));
    }

    @Test
    void shouldNotBeReadyWhenWorkWaitsAndNothingIsProcessed() {
        health.started();
        health.backlog(5);
        advance(Duration.ofSeconds(20));
        health.beat();
        assertThat(health.ready().up()).as("within the stall timeout").isTrue();

        advance(Duration.ofSeconds(11));
        health.beat();

        assertThat(health.ready().up()).isFalse();
        assertThat(health.ready().detail()).contains("5 record(s) waiting and nothing processed for 31 s");
        assertThat(health.live().up()).isTrue();

        health.progressed();

        assertThat(health.ready().up()).isTrue();
    }

    @Test
    void shouldNotCountIdleTimeBeforeWorkArrivedAsAStall() {
        health.started();
        advance(Duration.ofMinutes(5));
        health.beat();

        health.backlog(1);

        assertThat(health.ready().up()).isTrue();
    }

    @Test
    void shouldBeNeitherLiveNorReadyAfterAFailureAndNotReadyWhileStopping() {
        health.started();
        health.stopping();
        assertThat(health.ready()).isEqualTo(MetricsServer.Health.down("stopping"));

        health.failed(new IllegalStateException("boom"));

        assertThat(health.live().up()).isFalse();
        assertThat(health.ready().detail()).contains("boom");
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
