package io.streamtune.serving.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/** An inference server of the tests: on a free port, over scripted champions, with its meters and a plain client. */
final class TestServer implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final InferenceServer server;

    private TestServer(PrometheusMeterRegistry registry, InferenceServer server) {
        this.registry = registry;
        this.server = server;
    }

    /** Serves {@code champions} for {@code tasks} on the DJL platform. */
    static TestServer start(HttpSettings settings, ScriptedChampions champions, String... tasks) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new TestServer(registry, InferenceServer.start(settings, champions, List.of(tasks),
                "streamtune-djl", registry));
    }

    int port() {
        return server.port();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A plain-HTTP client of this server. */
    OipClient client() {
        return OipClient.plain(server.port());
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }
}
