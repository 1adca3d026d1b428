package io.streamtune.common.service;

import io.streamtune.common.config.RunningService;
import io.streamtune.common.config.ServiceStartup;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole service {@code main} in one call: reads the config ({@code [config.properties]}, overridden by
 * {@code STREAMTUNE_*} environment variables), starts the service, stops it on SIGTERM through a named shutdown
 * hook, and exits 0 after a clean stop, 1 when the service failed or could not start, 2 on bad configuration.
 * Only {@link #main} exits the JVM; launcher commands call {@link #run} and return its exit code.
 */
public final class ServiceMain {

    /** Exit code after a requested stop. */
    public static final int EXIT_STOPPED = 0;
    /** Exit code when the service failed or could not start. */
    public static final int EXIT_FAILED = 1;
    /** Exit code on bad configuration. */
    public static final int EXIT_BAD_CONFIG = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    /** Starts a service from its typed config. */
    @FunctionalInterface
    public interface Starter<C> {
        RunningService start(C config) throws InterruptedException;
    }

    private ServiceMain() {
    }

    /**
     * Parses the config from {@code args} and the environment, runs the service and exits the JVM with
     * {@link #run(String, String[], Function, Starter)}'s code.
     *
     * @param name  service name for logs and the shutdown hook, e.g. {@code evaluator}
     * @param parse builds and validates the typed config; throws on invalid values
     */
    public static <C> void main(String name, String[] args, Function<Map<String, String>, C> parse,
            Starter<C> starter) throws InterruptedException {
        System.exit(run(name, args, parse, starter));
    }

    /**
     * Parses the config from {@code args} ({@code [config.properties]}) and the environment, then runs the service
     * until it stops.
     *
     * @return the process exit code: {@link #EXIT_STOPPED}, {@link #EXIT_FAILED} or {@link #EXIT_BAD_CONFIG}
     */
    public static <C> int run(String name, String[] args, Function<Map<String, String>, C> parse,
            Starter<C> starter) throws InterruptedException {
        ServiceStartup.trustStreamtuneAvroClasses();
        C config;
        try {
            config = parse.apply(ServiceStartup.rawConfig(args));
        } catch (RuntimeException e) {
            LOG.error("Invalid {} configuration: {}", name, e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        return run(name, config, starter);
    }

    /**
     * Runs a service from its parsed config until SIGTERM (the shutdown hook {@code <name>-shutdown} closes it) or
     * failure.
     *
     * @return {@link #EXIT_STOPPED} after a requested stop, {@link #EXIT_FAILED} after a failure or a failed start
     */
    public static <C> int run(String name, C config, Starter<C> starter) throws InterruptedException {
        ServiceStartup.trustStreamtuneAvroClasses();
        try {
            return ServiceStartup.runUntilStopped(starter.start(config), name + "-shutdown");
        } catch (RuntimeException e) {
            // Start-up failures (broker or registry unreachable, bad model files) say what failed.
            LOG.error("The {} service could not start: {}", name, e.getMessage(), e);
            return EXIT_FAILED;
        }
    }
}
