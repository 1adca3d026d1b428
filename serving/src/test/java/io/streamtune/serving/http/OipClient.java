package io.streamtune.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A client of the inference server for tests: JSON in, status and parsed JSON out. */
final class OipClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String base;
    private final String token;

    private OipClient(HttpClient client, String base, String token) {
        this.client = client;
        this.base = base;
        this.token = token;
    }

    static OipClient plain(int port) {
        return new OipClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build(),
                "http://127.0.0.1:" + port, null);
    }

    static OipClient https(int port, SSLContext tls) {
        return new OipClient(HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(30)).build(),
                "https://127.0.0.1:" + port, null);
    }

    /** This client, sending {@code Authorization: Bearer <bearer>}. */
    OipClient withToken(String bearer) {
        return new OipClient(client, base, bearer);
    }

    Answer get(String path) {
        return send(request(path).GET().build());
    }

    Answer post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A request that names the texts of {@code data} (a JSON array), as the Open Inference Protocol shows it. */
    static String inferBody(String id, String data, int count) {
        return "{\"id\": \"" + id + "\", \"inputs\": [{\"name\": \"text\", \"shape\": [" + count
                + "], \"datatype\": \"BYTES\", \"data\": " + data + "}]}";
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A status and body; {@link #json()} parses the body. */
    record Answer(int status, String body, HttpResponse<String> response) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }
    }
}
