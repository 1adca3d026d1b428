package io.streamtune.registry.errors;

/** With {@code auto.register.schemas=false}, the writer schema is not registered under the subject. */
public class SchemaNotRegisteredException extends SchemaRegistrySerdeException {

    private final String subject;

    public SchemaNotRegisteredException(String subject, String registryMessage) {
        super("Schema is not registered under subject '" + subject + "' (" + registryMessage + ") and "
                + "auto.register.schemas is false: register it first, or enable auto.register.schemas");
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
