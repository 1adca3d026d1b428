package io.streamtune.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many clients at once, more than the server has threads: every request is answered, and the counts balance. */
class ConcurrentClientsTest {

    private static final int CLIENTS = 24;
    private static final int REQUESTS_EACH = 25;

    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswerEveryRequestOfManyConcurrentClients() throws Exception {
        server = TestServer.start(HttpSettings.loopback(0).withThreads(3),
                new ScriptedChampions().load("spam", "ckpt-7"), "spam");
        PrometheusMeterRegistry registry = server.registry();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Integer>>> results = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    OipClient oip = OipClient.plain(server.port());
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                        OipClient.Answer answer = oip.post("/v2/models/spam/infer", OipClient.inferBody(
                                client + "-" + i, "[\"win " + i + "\", \"hello\"]", 2));
                        statuses.add(answer.status());
                        assertThat(answer.json().path("id").asText()).isEqualTo(client + "-" + i);
                    }
                    return statuses;
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> result : results) {
                statuses.addAll(result.get());
            }

            assertThat(statuses).hasSize(CLIENTS * REQUESTS_EACH).containsOnly(200);
            assertThat(registry.get(HttpMetrics.REQUESTS).tags("endpoint", "infer", "status", "200").counter()
                    .count()).isEqualTo(CLIENTS * REQUESTS_EACH);
            assertThat(registry.get(HttpMetrics.TEXTS).counter().count()).isEqualTo(2.0 * CLIENTS * REQUESTS_EACH);
            assertThat(registry.find(HttpMetrics.ERRORS).counters()).isEmpty();
        } finally {
            clients.shutdownNow();
        }
    }
}
