package io.streamtune.testkit;

import java.util.Locale;

/** Which broker integration tests get, chosen by the {@code streamtune.kafka} system property. */
public enum BrokerMode {
    /** Testcontainers when a Docker engine answers, otherwise the embedded KRaft broker. */
    AUTO,
    /** Always Testcontainers; fails when Docker is unavailable. */
    DOCKER,
    /** Always the embedded KRaft broker. */
    EMBEDDED;

    /** Name of the system property (and Maven property) that selects the mode. */
    public static final String PROPERTY = "streamtune.kafka";

    /** Parses a property value; blank means {@link #AUTO}. */
    public static BrokerMode parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + value + " is not one of auto, docker, embedded", e);
        }
    }
}
