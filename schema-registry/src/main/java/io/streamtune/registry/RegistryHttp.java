package io.streamtune.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.registry.errors.SchemaRegistrySerdeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link SchemaRegistryClient}: one request with basic auth and TLS as configured, retried with
 * exponential backoff across the configured URLs while the registry cannot be reached, and error answers turned
 * into exceptions.
 */
final class RegistryHttp {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<Integer> UNAVAILABLE_STATUSES = Set.of(502, 503, 504);

    private final ObjectMapper json = new ObjectMapper();
    private final List<URI> urls;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();

    RegistryHttp(SchemaRegistryConfig config) {
        this.urls = config.urls().stream().map(RegistryHttp::withoutUserInfo).toList();
        this.authorization = basicAuthHeader(config);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NORMAL);
        TlsContexts.fromConfig(config).ifPresent(builder::sslContext);
        this.http = builder.build();
        this.requestTimeout = Duration.ofMillis(config.requestTimeoutMs());
        this.maxRetries = config.maxRetries();
        this.backoffMs = config.retryBackoffMs();
        this.backoffMaxMs = Math.max(config.retryBackoffMaxMs(), config.retryBackoffMs());
    }

    long requests() {
        return requests.sum();
    }

    long retries() {
        return retries.sum();
    }

    HttpResponse<String> send(String request, String method, String path, String body) {
        Exception lastFailure = null;
        long backoff = backoffMs;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                retries.increment();
                LOG.warn("Retrying '{}' in {} ms (attempt {} of {}): {}", request, backoff, attempt + 1, maxRetries + 1,
                        lastFailure.getMessage());
                pause(request, backoff);
                backoff = Math.min(backoff * 2, backoffMaxMs);
            }
            URI base = urls.get(attempt % urls.size());
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(requestTimeout)
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                builder.header("Content-Type", CONTENT_TYPE);
            }
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            try {
                requests.increment();
                HttpResponse<String> response = http.send(builder.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (!UNAVAILABLE_STATUSES.contains(response.statusCode())) {
                    return response;
                }
                lastFailure = new IOException("HTTP " + response.statusCode() + " from " + base);
            } catch (SSLException e) {
                // A certificate or protocol mismatch does not heal by retrying: fail at once and say what to check.
                throw new SchemaRegistrySerdeException("TLS with the schema registry at " + base + " failed for "
                        + request + ": " + e.getMessage() + " (check schema.registry.ssl.truststore.* and "
                        + "schema.registry.ssl.keystore.*)", e);
            } catch (IOException e) {
                lastFailure = new IOException(e.getClass().getSimpleName() + " from " + base
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistrySerdeException("Interrupted while trying to " + request, e);
            }
        }
        throw new RegistryUnavailableException(request, maxRetries + 1, lastFailure);
    }

    private static void pause(String request, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistrySerdeException("Interrupted while waiting to retry " + request, e);
        }
    }

    /** Maps an error status and the registry's message to a specific exception, or {@code null} for the generic one. */
    interface ErrorMapper {
        SchemaRegistrySerdeException map(int status, String registryMessage);
    }

    JsonNode expectOk(String request, HttpResponse<String> response, ErrorMapper errors) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            String message = errorMessage(response);
            SchemaRegistrySerdeException specific = errors.map(status, message);
            if (specific != null) {
                throw specific;
            }
            if (status == 401 || status == 403) {
                message += " (check basic.auth.credentials.source and basic.auth.user.info)";
            }
            throw new RegistryRequestException(request, status, errorCode(response), message);
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistrySerdeException("Cannot " + request + ": the registry's answer is not JSON: "
                    + abbreviate(response.body()), e);
        }
    }

    private String errorMessage(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            if (body != null && body.hasNonNull("message")) {
                return body.get("message").asText();
            }
        } catch (IOException e) {
            // Not JSON (a proxy's HTML page, say): the raw text is the best message there is.
        }
        return abbreviate(response.body());
    }

    private int errorCode(HttpResponse<String> response) {
        try {
            return json.readTree(response.body()).path("error_code").asInt(0);
        } catch (IOException | NullPointerException e) {
            return 0;
        }
    }

    static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(empty body)";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + Objects.toString(uri.getRawPath(), ""));
    }

    static String basicAuthHeader(SchemaRegistryConfig config) {
        SchemaRegistryConfig.CredentialsSource source = config.credentialsSource();
        if (source == null) {
            return null;
        }
        String userInfo = switch (source) {
            case USER_INFO -> {
                Password password = config.getPassword(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG);
                yield password.value();
            }
            case URL -> config.urls().get(0).getUserInfo();
        };
        if (userInfo == null || userInfo.isEmpty()) {
            throw new SchemaRegistrySerdeException("basic.auth.credentials.source=" + source
                    + " but no user:password is given there");
        }
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
