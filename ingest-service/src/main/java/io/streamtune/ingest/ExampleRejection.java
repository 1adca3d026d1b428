package io.streamtune.ingest;

import java.util.Objects;

/**
 * Why the ingest service refused a record: the rule it broke (its {@code reasonCode} in the dead letter) and a
 * readable explanation with the offending value.
 *
 * @param code        the rule, for machines
 * @param explanation what was wrong with this record, for people
 */
public record ExampleRejection(ReasonCode code, String explanation) {

    public ExampleRejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(explanation, "explanation");
    }
}
