package io.streamtune.ingest;

import java.util.Objects;

/**
 * A refused record: the rule it broke and a readable explanation with the offending value.
 *
 * @param code   the rule
 * @param reason what was wrong with this record, for people
 */
public record Rejection(ReasonCode code, String reason) {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}
