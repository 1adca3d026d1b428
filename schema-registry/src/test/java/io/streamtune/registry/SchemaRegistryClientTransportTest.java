package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.streamtune.registry.errors.RegistryRequestException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the client puts on the wire and how it treats transport failures, against a plain HTTP endpoint that
 * records requests and answers with canned statuses. Registry semantics are tested against the real registry in
 * the integration tests; here only the HTTP side, which Apicurio cannot be made to show (it has no basic auth
 * without Keycloak, and never answers 503 on demand).
 */
class SchemaRegistryClientTransportTest {

    private HttpServer server;
    /** Statuses to answer with, in order; 200 with an empty subject list once they run out. */
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
    /** Bodies of the 200 answers, in order; an empty subject list once they run out. */
    private final ConcurrentLinkedQueue<String> okBodies = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Integer status = statuses.poll();
            String ok = status == null ? okBodies.poll() : null;
            byte[] body = (status == null ? (ok == null ? "[]" : ok)
                    : "{\"error_code\":" + status + "01,\"message\":\"canned\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    @Test
    void shouldSendBasicAuthCredentialsOnEveryRequest() {
        SchemaRegistryClient client = client(Map.of(
                SchemaRegistryConfig.BASIC_AUTH_SOURCE_CONFIG, "USER_INFO",
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "alice:pw"));

        client.subjects();
        client.subjects();

        assertThat(authorizations).containsExactly("Basic YWxpY2U6cHc=", "Basic YWxpY2U6cHc=");
    }

    @Test
    void shouldTakeTheIdOfASchemaAnotherClientRegisteredAtTheSameTime() {
        statuses.add(409);
        okBodies.add("{\"id\":7}");

        int id = client(Map.of()).register("examples-value",
                SchemaBuilder.record("R").fields().requiredString("id").endRecord());

        assertThat(id).isEqualTo(7);
    }

    @Test
    void shouldSendNoCredentialsByDefault() {
        client(Map.of()).subjects();

        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void shouldRetryServiceUnavailableAndThenSucceed() {
        statuses.addAll(List.of(503, 502));
        SchemaRegistryClient client = client(Map.of());

        assertThat(client.subjects()).isEmpty();
        assertThat(client.stats().retries()).isEqualTo(2);
        assertThat(client.stats().requests()).isEqualTo(3);
    }

    @Test
    void shouldFailOverToTheNextUrlWhenTheFirstIsDown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistryClient client = new SchemaRegistryClient(new SchemaRegistryConfig(Map.of(
                SchemaRegistryConfig.URL_CONFIG, "http://127.0.0.1:" + closedPort + "," + baseUrl(),
                SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG, 1L)));

        assertThat(client.subjects()).isEmpty();
        assertThat(client.stats().retries()).isEqualTo(1);
    }

    @Test
    void shouldNotRetryAnAuthenticationFailureAndSayWhatToCheck() {
        statuses.add(401);
        SchemaRegistryClient client = client(Map.of());

        assertThatThrownBy(client::subjects)
                .isInstanceOfSatisfying(RegistryRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo(40101);
                })
                .hasMessageContaining("basic.auth.user.info");
        assertThat(client.stats().retries()).isZero();
    }

    private SchemaRegistryClient client(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(SchemaRegistryConfig.URL_CONFIG, baseUrl());
        config.put(SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG, 1L);
        return new SchemaRegistryClient(new SchemaRegistryConfig(config));
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
