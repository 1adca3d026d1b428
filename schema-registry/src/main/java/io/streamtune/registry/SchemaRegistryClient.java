package io.streamtune.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.registry.errors.IncompatibleSchemaException;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.registry.errors.SchemaNotRegisteredException;
import io.streamtune.registry.errors.SchemaRegistrySerdeException;
import io.streamtune.registry.errors.UnknownSchemaIdException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Confluent schema registry REST API (which Confluent Schema Registry, Apicurio's ccompat API,
 * Karapace and Redpanda all serve), for Avro schemas. Thread-safe; results are cached both ways (id to schema,
 * subject and schema to id), so a steady stream of records costs no registry requests.
 *
 * <p>Requests that cannot reach the registry (connection refused, timeout, HTTP 502/503/504) are retried with
 * exponential backoff, rotating through the configured URLs, then fail with {@link RegistryUnavailableException}.
 * Every other failure has its own exception type under {@code io.streamtune.registry.errors}.
 */
public final class SchemaRegistryClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<Integer> UNAVAILABLE_STATUSES = Set.of(502, 503, 504);
    private static final ErrorMapper NO_SPECIFIC_ERROR = (status, message) -> null;

    private final ObjectMapper json = new ObjectMapper();
    private final List<URI> urls;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** Request counts since creation, for metrics and tests. */
    public record Stats(long requests, long retries, int cachedSchemas, int cachedIds) {
    }

    public SchemaRegistryClient(SchemaRegistryConfig config) {
        this.urls = config.urls().stream().map(SchemaRegistryClient::withoutUserInfo).toList();
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
        this.schemasById = new BoundedCache<>(config.cacheCapacity());
        this.idsBySubjectSchema = new BoundedCache<>(config.cacheCapacity());
    }

    /** Registers {@code schema} under {@code subject} (a no-op returning the existing id when already there). */
    public int register(String subject, Schema schema) {
        return schemaId(subject, schema, "register", "/subjects/" + encode(subject) + "/versions",
                (status, message) -> status == 409 ? new IncompatibleSchemaException(subject, message) : null);
    }

    /** The id of {@code schema} under {@code subject}; throws {@link SchemaNotRegisteredException} if absent. */
    public int lookup(String subject, Schema schema) {
        return schemaId(subject, schema, "look up", "/subjects/" + encode(subject),
                (status, message) -> status == 404 ? new SchemaNotRegisteredException(subject, message) : null);
    }

    private int schemaId(String subject, Schema schema, String verb, String path, ErrorMapper errors) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String request = verb + " schema " + schema.getFullName() + " under subject '" + subject + "'";
        JsonNode body = expectOk(request, send(request, "POST", path, schemaBody(schema)), errors);
        int id = requiredInt(request, body, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** The schema with global id {@code id}, its references resolved; {@link UnknownSchemaIdException} if none. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String request = "get schema id " + id;
        JsonNode body = expectOk(request, send(request, "GET", "/schemas/ids/" + id, null),
                (status, message) -> status == 404 ? new UnknownSchemaIdException(id, message) : null);
        Schema schema = parseWithReferences(request, body, new Schema.Parser(), new HashSet<>());
        schemasById.put(id, schema);
        return schema;
    }

    /**
     * The subjects under which the schema with global id {@code id} is registered ({@code GET
     * /schemas/ids/{id}/versions}); not cached: a schema may be registered under more subjects later.
     *
     * @throws UnknownSchemaIdException when the registry has no schema with that id
     */
    public Set<String> subjectsOf(int id) {
        String request = "get the subjects of schema id " + id;
        JsonNode body = expectOk(request, send(request, "GET", "/schemas/ids/" + id + "/versions", null),
                (status, message) -> status == 404 ? new UnknownSchemaIdException(id, message) : null);
        Set<String> subjects = new HashSet<>();
        body.forEach(node -> subjects.add(node.path("subject").asText()));
        return subjects;
    }

    /** Sets the compatibility level (e.g. {@code BACKWARD}) of {@code subject}; it may have no versions yet. */
    public void setCompatibility(String subject, String level) {
        String request = "set compatibility of subject '" + subject + "' to " + level;
        ObjectNode body = json.createObjectNode().put("compatibility", level);
        expectOk(request, send(request, "PUT", "/config/" + encode(subject), body.toString()), NO_SPECIFIC_ERROR);
    }

    /** The compatibility level set on {@code subject}, or {@code null} when it has none of its own. */
    public String compatibility(String subject) {
        String request = "get compatibility of subject '" + subject + "'";
        HttpResponse<String> response = send(request, "GET", "/config/" + encode(subject), null);
        if (response.statusCode() == 404) {
            return null;
        }
        JsonNode body = expectOk(request, response, NO_SPECIFIC_ERROR);
        JsonNode level = body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
        return level == null || level.isNull() ? null : level.asText();
    }

    /** Every subject the registry knows. */
    public List<String> subjects() {
        String request = "list subjects";
        JsonNode body = expectOk(request, send(request, "GET", "/subjects", null), NO_SPECIFIC_ERROR);
        List<String> subjects = new ArrayList<>();
        body.forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    public Stats stats() {
        return new Stats(requests.sum(), retries.sum(), schemasById.size(), idsBySubjectSchema.size());
    }

    @Override
    public void close() {
        // java.net.http.HttpClient on Java 17 has no close(); its threads end with the last reference.
    }

    /** Parses a {@code {schema, references}} answer, adding referenced named types to {@code parser} first. */
    private Schema parseWithReferences(String request, JsonNode body, Schema.Parser parser, Set<String> seen) {
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistrySerdeException("Cannot " + request + ": it is a " + type.asText()
                    + " schema, not Avro");
        }
        JsonNode references = body.get("references");
        if (references != null) {
            for (JsonNode reference : references) {
                String subject = reference.path("subject").asText();
                String version = reference.path("version").asText();
                if (seen.add(subject + "/" + version)) {
                    String refRequest = "get referenced schema " + subject + " version " + version;
                    HttpResponse<String> response = send(refRequest, "GET",
                            "/subjects/" + encode(subject) + "/versions/" + encode(version), null);
                    parseWithReferences(refRequest, expectOk(refRequest, response, NO_SPECIFIC_ERROR), parser, seen);
                }
            }
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistrySerdeException("Cannot " + request + ": the answer has no schema: " + body);
        }
        try {
            return parser.parse(schema.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistrySerdeException("Cannot " + request + ": invalid Avro schema: " + e.getMessage(), e);
        }
    }

    private String schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private HttpResponse<String> send(String request, String method, String path, String body) {
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
    private interface ErrorMapper {
        SchemaRegistrySerdeException map(int status, String registryMessage);
    }

    private JsonNode expectOk(String request, HttpResponse<String> response, ErrorMapper errors) {
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

    private static int requiredInt(String request, JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistrySerdeException("Cannot " + request + ": the answer has no '" + field + "': "
                    + abbreviate(body.toString()));
        }
        return value.asInt();
    }

    private static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(empty body)";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
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
