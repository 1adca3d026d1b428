package io.streamtune.model.bert;

/** A base-model reference that cannot be used; the message names the missing or unsupported piece. */
public class InvalidBaseModelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidBaseModelException(String message) {
        super(message);
    }

    public InvalidBaseModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
