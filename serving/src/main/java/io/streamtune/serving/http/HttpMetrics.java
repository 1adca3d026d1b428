package io.streamtune.serving.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The server's meters: infer latency per task (a histogram), requests by endpoint and status, errors by status,
 * texts scored per task, and requests refused because every thread and queue slot was taken.
 */
final class HttpMetrics {

    static final String INFER_LATENCY = "streamtune.serving.http.infer.latency";
    static final String REQUESTS = "streamtune.serving.http.requests";
    static final String ERRORS = "streamtune.serving.http.errors";
    static final String TEXTS = "streamtune.serving.http.texts";
    static final String REJECTED = "streamtune.serving.http.rejected";

    private final MeterRegistry registry;
    private final Counter rejected;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rejected = Counter.builder(REJECTED)
                .description("Connections closed unanswered: every thread busy and the queue full")
                .register(registry);
    }

    /** An infer request of a served task that was answered, and how many texts it scored. */
    void inferred(String task, Duration latency, int texts) {
        Timer.builder(INFER_LATENCY).description("Infer requests answered, from the request's arrival")
                .tag("task", task).publishPercentileHistogram().register(registry).record(latency);
        Counter.builder(TEXTS).description("Texts scored").tag("task", task).register(registry).increment(texts);
    }

    /** Any answered request; {@code endpoint} is a fixed name, never a path a client made up. */
    void answered(String endpoint, int status) {
        Counter.builder(REQUESTS).description("Requests answered, by endpoint and status")
                .tags("endpoint", endpoint, "status", Integer.toString(status)).register(registry).increment();
        if (status >= 400) {
            Counter.builder(ERRORS).description("Requests answered with an error, by status")
                    .tag("status", Integer.toString(status)).register(registry).increment();
        }
    }

    void rejected() {
        rejected.increment();
    }
}
