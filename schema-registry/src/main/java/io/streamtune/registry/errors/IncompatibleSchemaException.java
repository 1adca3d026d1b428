package io.streamtune.registry.errors;

/** The registry refused to register a schema under a subject (HTTP 409): it breaks the subject's compatibility. */
public class IncompatibleSchemaException extends SchemaRegistrySerdeException {

    private final String subject;

    public IncompatibleSchemaException(String subject, String registryMessage) {
        super("Schema is incompatible with earlier versions of subject '" + subject + "': " + registryMessage);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
