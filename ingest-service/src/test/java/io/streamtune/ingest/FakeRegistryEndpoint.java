package io.streamtune.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * The two read endpoints of a Confluent-compatible registry that decoding uses, answered from memory:
 * {@code GET /schemas/ids/{id}} and {@code GET /schemas/ids/{id}/versions}; 404 for an unknown id. Unit tests drive
 * the real registry client and deserializer against it; the integration tests use the real registry.
 */
final class FakeRegistryEndpoint implements AutoCloseable {

    private record Entry(Schema schema, List<String> subjects) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Entry> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    FakeRegistryEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/schemas/ids/", this::answer);
        server.start();
    }

    /** Registers {@code schema} with global id {@code id} under {@code subjects}. */
    void register(int id, Schema schema, String... subjects) {
        schemas.put(id, new Entry(schema, List.of(subjects)));
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests answered so far. */
    int requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String[] path = exchange.getRequestURI().getPath().split("/");
        Entry entry = schemas.get(Integer.parseInt(path[3]));
        int status = 200;
        Object body;
        if (entry == null) {
            status = 404;
            body = Map.of("error_code", 40403, "message", "Schema " + path[3] + " not found");
        } else if (path.length > 4) {
            body = entry.subjects().stream().map(subject -> Map.of("subject", subject, "version", 1)).toList();
        } else {
            body = Map.of("schema", entry.schema().toString());
        }
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
