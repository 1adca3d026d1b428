package io.streamtune.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.config.RunningService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceMainTest {

    @Test
    void shouldReturnTwoWhenTheConfigIsInvalid() throws Exception {
        AtomicInteger starts = new AtomicInteger();

        int code = ServiceMain.run(new ServiceDefinition<String>("test", raw -> {
            throw new IllegalArgumentException("tasks is required");
        }, config -> {
            starts.incrementAndGet();
            return new FakeService(false);
        }), new String[0]);

        assertThat(code).isEqualTo(ServiceMain.EXIT_BAD_CONFIG).isEqualTo(2);
        assertThat(starts).hasValue(0);
    }

    @Test
    void shouldReturnOneWhenTheServiceCannotStart() throws Exception {
        int code = ServiceMain.runWithConfig(new ServiceDefinition<String>("test", raw -> "config", config -> {
            throw new IllegalStateException("registry unreachable");
        }), "config");

        assertThat(code).isEqualTo(ServiceMain.EXIT_FAILED).isEqualTo(1);
    }

    @Test
    void shouldReturnOneAndCloseTheServiceWhenItFails() throws Exception {
        FakeService service = new FakeService(true);

        int code = ServiceMain.runWithConfig(new ServiceDefinition<>("test", raw -> "config", config -> service),
                "config");

        assertThat(code).isEqualTo(ServiceMain.EXIT_FAILED);
        assertThat(service.closed).hasValue(1);
    }

    @Test
    void shouldReturnZeroWhenTheServiceStopsAsAsked() throws Exception {
        int code = ServiceMain.run(new ServiceDefinition<>("test", raw -> "config", config -> new FakeService(false)),
                new String[0]);

        assertThat(code).isEqualTo(ServiceMain.EXIT_STOPPED).isZero();
    }

    /** A service that has already stopped, cleanly or by failure. */
    private static final class FakeService implements RunningService {
        private final boolean fails;
        private final AtomicInteger closed = new AtomicInteger();

        FakeService(boolean fails) {
            this.fails = fails;
        }

        @Override
        public boolean awaitTermination() {
            return fails;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
