package io.streamtune.common.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.BrokerProbe;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.common.metrics.ServiceHealth;
import java.util.function.BooleanSupplier;

/**
 * What every service shows the outside: its meters, its health (fed by a probe of the broker) and the HTTP endpoint
 * that serves both ({@code /metrics}, {@code /health/live}, {@code /health/ready}), unless the port is
 * {@link MetricsServer#DISABLED}.
 */
public final class ServiceEndpoint implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final BrokerProbe probe;
    private final ServiceHealth health;
    private final MetricsServer server;

    private ServiceEndpoint(PrometheusMeterRegistry registry, BrokerProbe probe, ServiceHealth health,
            MetricsServer server) {
        this.registry = registry;
        this.probe = probe;
        this.health = health;
        this.server = server;
    }

    /**
     * Creates the meters and health of {@code service} and serves them on {@code metricsPort}.
     *
     * @param waitingOnBroker whether the service is retrying a blocking Kafka call (then it counts as live)
     */
    public static ServiceEndpoint start(KafkaConnectionConfig config, String service, int metricsPort,
            BooleanSupplier waitingOnBroker) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BrokerProbe probe = config.brokerProbe(service);
        ServiceHealth health = config.serviceHealth(service, probe, waitingOnBroker);
        MetricsServer server;
        try {
            server = metricsPort == MetricsServer.DISABLED ? null : MetricsServer.start(metricsPort, registry, health);
        } catch (RuntimeException e) {
            probe.close();
            registry.close();
            throw e;
        }
        return new ServiceEndpoint(registry, probe, health, server);
    }

    /** The meters, for the service to register its own and for callers that read them in-process. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Liveness and readiness, which the service's loop feeds. */
    public ServiceHealth health() {
        return health;
    }

    /** Port of the HTTP endpoint, or {@link MetricsServer#DISABLED}. */
    public int metricsPort() {
        return server == null ? MetricsServer.DISABLED : server.port();
    }

    /** Stops serving, then the probe and the meters; call it after the service's own resources are closed. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        probe.close();
        registry.close();
    }
}
