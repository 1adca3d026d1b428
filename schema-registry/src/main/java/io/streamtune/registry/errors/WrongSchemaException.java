package io.streamtune.registry.errors;

/**
 * The record names a schema the reader does not take: not a version of the expected subjects (nor one of the
 * expected record names), or one that cannot be resolved against the reader's schema.
 */
public class WrongSchemaException extends SchemaRegistrySerdeException {

    private final int schemaId;

    public WrongSchemaException(int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
