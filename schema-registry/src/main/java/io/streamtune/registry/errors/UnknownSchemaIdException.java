package io.streamtune.registry.errors;

/** The registry has no schema with the id a record names (HTTP 404 on {@code GET /schemas/ids/{id}}). */
public class UnknownSchemaIdException extends SchemaRegistrySerdeException {

    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, String registryMessage) {
        super("Schema id " + schemaId + " is unknown to the registry (" + registryMessage + "): the record was "
                + "written against another registry, or the registry lost its storage");
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
