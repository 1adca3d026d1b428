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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

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

    private static final RegistryHttp.ErrorMapper NO_SPECIFIC_ERROR = (status, message) -> null;

    private final ObjectMapper json = new ObjectMapper();
    private static final int CONCURRENT_REGISTER_ATTEMPTS = 3;

    private final RegistryHttp http;
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** Request counts since creation, for metrics and tests. */
    public record Stats(long requests, long retries, int cachedSchemas, int cachedIds) {
    }

    public SchemaRegistryClient(SchemaRegistryConfig config) {
        this.http = new RegistryHttp(config);
        this.schemasById = new BoundedCache<>(config.cacheCapacity());
        this.idsBySubjectSchema = new BoundedCache<>(config.cacheCapacity());
    }

    /** Registers {@code schema} under {@code subject} (a no-op returning the existing id when already there). */
    public int register(String subject, Schema schema) {
        for (int attempt = 1; ; attempt++) {
            try {
                return schemaId(subject, schema, "register", "/subjects/" + encode(subject) + "/versions",
                        (status, message) -> status == 409 ? new IncompatibleSchemaException(subject, message) : null);
            } catch (IncompatibleSchemaException | RegistryRequestException e) {
                if (e instanceof RegistryRequestException refused && refused.status() < 500) {
                    throw e;
                }
                // Several clients registering a subject's first version at once: a registry on an embedded
                // database (Apicurio with H2) refuses all but one ("already exists", HTTP 409) or fails some with
                // HTTP 500. The schema may be there now; a schema that is really incompatible never is.
                try {
                    return lookup(subject, schema);
                } catch (SchemaNotRegisteredException missing) {
                    if (attempt == CONCURRENT_REGISTER_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    /** The id of {@code schema} under {@code subject}; throws {@link SchemaNotRegisteredException} if absent. */
    public int lookup(String subject, Schema schema) {
        return schemaId(subject, schema, "look up", "/subjects/" + encode(subject),
                (status, message) -> status == 404 ? new SchemaNotRegisteredException(subject, message) : null);
    }

    private int schemaId(String subject, Schema schema, String verb, String path, RegistryHttp.ErrorMapper errors) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String request = verb + " schema " + schema.getFullName() + " under subject '" + subject + "'";
        JsonNode body = http.expectOk(request, http.send(request, "POST", path, schemaBody(schema)), errors);
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
        JsonNode body = http.expectOk(request, http.send(request, "GET", "/schemas/ids/" + id, null),
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
        JsonNode body = http.expectOk(request, http.send(request, "GET", "/schemas/ids/" + id + "/versions", null),
                (status, message) -> status == 404 ? new UnknownSchemaIdException(id, message) : null);
        Set<String> subjects = new HashSet<>();
        body.forEach(node -> subjects.add(node.path("subject").asText()));
        return subjects;
    }

    /** Sets the compatibility level (e.g. {@code BACKWARD}) of {@code subject}; it may have no versions yet. */
    public void setCompatibility(String subject, String level) {
        String request = "set compatibility of subject '" + subject + "' to " + level;
        ObjectNode body = json.createObjectNode().put("compatibility", level);
        http.expectOk(request, http.send(request, "PUT", "/config/" + encode(subject), body.toString()),
                NO_SPECIFIC_ERROR);
    }

    /** The compatibility level set on {@code subject}, or {@code null} when it has none of its own. */
    public String compatibility(String subject) {
        String request = "get compatibility of subject '" + subject + "'";
        HttpResponse<String> response = http.send(request, "GET", "/config/" + encode(subject), null);
        if (response.statusCode() == 404) {
            return null;
        }
        JsonNode body = http.expectOk(request, response, NO_SPECIFIC_ERROR);
        JsonNode level = body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
        return level == null || level.isNull() ? null : level.asText();
    }

    /** Every subject the registry knows. */
    public List<String> subjects() {
        String request = "list subjects";
        JsonNode body = http.expectOk(request, http.send(request, "GET", "/subjects", null), NO_SPECIFIC_ERROR);
        List<String> subjects = new ArrayList<>();
        body.forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    public Stats stats() {
        return new Stats(http.requests(), http.retries(), schemasById.size(), idsBySubjectSchema.size());
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
                    HttpResponse<String> response = http.send(refRequest, "GET",
                            "/subjects/" + encode(subject) + "/versions/" + encode(version), null);
                    parseWithReferences(refRequest, http.expectOk(refRequest, response, NO_SPECIFIC_ERROR), parser,
                            seen);
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

    private static int requiredInt(String request, JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistrySerdeException("Cannot " + request + ": the answer has no '" + field + "': "
                    + RegistryHttp.abbreviate(body.toString()));
        }
        return value.asInt();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }


}
