package io.streamtune.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks that a schema is BACKWARD compatible with the versions kept in the repository: a consumer using the
 * new schema must be able to read every record written with any earlier version.
 *
 * <p>Earlier versions are kept, fully inlined, as resources named
 * {@code io/streamtune/schemas/history/<SimpleName>/v<N>.avsc}, numbered from 1 without gaps. When a schema
 * changes, its previous form is added there as the next version.
 */
public final class CompatibilityCheck {

    private static final String HISTORY_ROOT = "io/streamtune/schemas/history/";

    private CompatibilityCheck() {
    }

    /** A kept earlier version of a schema that the candidate cannot read, with Avro's explanation. */
    public record Violation(String schemaName, int version, String description) {
        @Override
        public String toString() {
            return schemaName + " v" + version + ": " + description;
        }
    }

    /** Every earlier version of {@code schemaName} kept in the repository, oldest first. */
    public static List<Schema> history(String schemaName) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = CompatibilityCheck.class.getClassLoader();
        for (int version = 1; ; version++) {
            String resource = HISTORY_ROOT + simpleName(schemaName) + "/v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read kept schema " + resource, e);
            }
        }
    }

    /**
     * Returns why {@code candidate} cannot read data written with each of {@code earlierVersions}; an empty list
     * means the candidate is BACKWARD compatible with all of them.
     */
    public static List<Violation> backwardViolations(Schema candidate, List<Schema> earlierVersions) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < earlierVersions.size(); i++) {
            SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlierVersions.get(i));
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                violations.add(new Violation(candidate.getFullName(), i + 1,
                        result.getResult().getIncompatibilities().stream()
                                .map(inc -> inc.getType() + " at " + inc.getLocation() + ": " + inc.getMessage())
                                .reduce((a, b) -> a + "; " + b)
                                .orElse(result.getDescription())));
            }
        }
        return violations;
    }

    /** Checks every topic value schema of {@link SchemaCatalog} against its kept history. */
    public static List<Violation> checkCatalog() {
        List<Violation> violations = new ArrayList<>();
        for (Schema schema : SchemaCatalog.TOPIC_VALUE_SCHEMAS) {
            violations.addAll(backwardViolations(schema, history(schema.getFullName())));
        }
        return violations;
    }

    private static String simpleName(String schemaName) {
        return schemaName.substring(schemaName.lastIndexOf('.') + 1);
    }
}
