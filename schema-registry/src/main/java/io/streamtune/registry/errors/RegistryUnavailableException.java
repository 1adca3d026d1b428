package io.streamtune.registry.errors;

/** No configured registry URL answered after the configured retries (connection refused, timeout, 502/503/504). */
public class RegistryUnavailableException extends SchemaRegistrySerdeException {

    private final String request;
    private final int attempts;

    public RegistryUnavailableException(String request, int attempts, Throwable cause) {
        super("Schema registry unreachable for " + request + " after " + attempts + " attempt(s): "
                + describe(cause), cause);
        this.request = request;
        this.attempts = attempts;
    }

    public String request() {
        return request;
    }

    public int attempts() {
        return attempts;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no answer";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
