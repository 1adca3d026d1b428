package io.streamtune.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class BrokerRetryTest {

    private final List<Duration> waits = new ArrayList<>();
    private final AtomicBoolean waitingDuringSleep = new AtomicBoolean();
    private BrokerRetry retry;

    private BrokerRetry retry(AtomicBoolean stop) {
        retry = new BrokerRetry(Duration.ofMillis(100), Duration.ofMillis(350), stop::get, duration -> {
            waits.add(duration);
            waitingDuringSleep.set(retry.waitingOnBroker());
        });
        return retry;
    }

    @Test
    void shouldRetryATimeoutUntilTheBrokerAnswersWithCappedBackoff() {
        AtomicInteger tries = new AtomicInteger();

        String result = retry(new AtomicBoolean()).call("reading end offsets", () -> {
            if (tries.incrementAndGet() < 6) {
                throw new TimeoutException("Failed to get offsets by times in 60003ms");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(tries).hasValue(6);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350),
                Duration.ofMillis(350), Duration.ofMillis(350));
        assertThat(waitingDuringSleep).isTrue();
        assertThat(retry.waitingOnBroker()).as("the episode is over").isFalse();
    }

    @Test
    void shouldRetryATimeoutWrappedInAnotherException() {
        AtomicInteger tries = new AtomicInteger();

        retry(new AtomicBoolean()).run("provisioning topics", () -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("Cannot provision topics", new TimeoutException("listTopics"));
            }
        });

        assertThat(tries).hasValue(2);
    }

    @Test
    void shouldFailAtOnceWhenTheProducerIsFenced() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> retry(new AtomicBoolean()).run("committing", () -> {
            tries.incrementAndGet();
            throw new KafkaException("commit failed", new ProducerFencedException("another instance"));
        })).isInstanceOf(KafkaException.class);
        assertThat(tries).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldFailAtOnceWhenNotAuthorized() {
        assertThatThrownBy(() -> retry(new AtomicBoolean()).run("reading", () -> {
            throw new AuthorizationException("not allowed");
        })).isInstanceOf(AuthorizationException.class);
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldGiveUpWithTheLastErrorOnceTheServiceStops() {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> retry(stop).run("polling", () -> {
            if (tries.incrementAndGet() == 3) {
                stop.set(true);
            }
            throw new TimeoutException("broker down");
        })).isInstanceOf(TimeoutException.class);
        assertThat(tries).hasValue(3);
        assertThat(retry.waitingOnBroker()).isFalse();
    }

    @Test
    void shouldClassifyErrors() {
        assertThat(BrokerRetry.isTransient(new TimeoutException("t"))).isTrue();
        assertThat(BrokerRetry.isTransient(new IllegalStateException("no Kafka cause"))).isFalse();
        assertThat(BrokerRetry.isTransient(new TimeoutException("t", new ProducerFencedException("f")))).isFalse();
        assertThat(BrokerRetry.isFatal(new ProducerFencedException("f"))).isTrue();
        assertThat(BrokerRetry.isFatal(new TimeoutException("t"))).isFalse();
    }
}
