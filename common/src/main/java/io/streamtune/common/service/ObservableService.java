package io.streamtune.common.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.config.RunningService;
import io.streamtune.common.metrics.MetricsServer;

/**
 * A running service built on the skeleton: its metrics and health endpoint, and from it the accessors every service
 * offers its callers (launcher, tests, benchmarks), written once.
 */
public interface ObservableService extends RunningService {

    /** The service's meters, health and {@code /metrics} + {@code /health} server. */
    ServiceEndpoint endpoint();

    /** Port of the metrics endpoint, or {@link MetricsServer#DISABLED}. */
    default int metricsPort() {
        return endpoint().metricsPort();
    }

    /** The meters, for callers that read them in-process (tests, benchmarks). */
    default PrometheusMeterRegistry registry() {
        return endpoint().registry();
    }
}
