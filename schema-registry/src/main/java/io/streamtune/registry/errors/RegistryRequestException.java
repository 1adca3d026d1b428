package io.streamtune.registry.errors;

/** The registry answered a request with an error that has no more specific type (e.g. 401, 422, 500). */
public class RegistryRequestException extends SchemaRegistrySerdeException {

    private final int status;
    private final int errorCode;

    public RegistryRequestException(String request, int status, int errorCode, String registryMessage) {
        super("Schema registry refused " + request + ": HTTP " + status
                + (errorCode > 0 ? " error_code " + errorCode : "") + ": " + registryMessage);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** HTTP status code. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code}, or 0 when the body had none. */
    public int errorCode() {
        return errorCode;
    }
}
