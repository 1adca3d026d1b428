package io.streamtune.common.service;

import io.streamtune.common.config.RunningService;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What it takes to launch a service, the same way from its {@code main} and from the launcher: its name (logs,
 * shutdown hook, messages), how its typed config is parsed and validated, and how it starts.
 *
 * @param name    e.g. {@code evaluator}
 * @param parse   builds and validates the typed config from the merged raw settings; throws on invalid values
 * @param starter starts the service from its config
 */
public record ServiceDefinition<C>(String name, Function<Map<String, String>, C> parse, Starter<C> starter) {

    /** Starts a service from its typed config. */
    @FunctionalInterface
    public interface Starter<C> {
        RunningService start(C config) throws InterruptedException;
    }

    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parse, "parse");
        Objects.requireNonNull(starter, "starter");
    }
}
