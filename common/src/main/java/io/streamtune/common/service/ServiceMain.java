package io.streamtune.common.service;

import io.streamtune.common.config.ServiceStartup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole service {@code main} in one call: reads the config ({@code [config.properties]}, overridden by
 * {@code STREAMTUNE_*} environment variables), starts the service, stops it on SIGTERM through a named shutdown
 * hook, and exits 0 after a clean stop, 1 when the service failed or could not start, 2 on bad configuration.
 * Only {@link #main} exits the JVM; launcher commands call {@link #runWithConfig} and return its exit code.
 */
public final class ServiceMain {

    /** Exit code after a requested stop. */
    public static final int EXIT_STOPPED = 0;
    /** Exit code when the service failed or could not start. */
    public static final int EXIT_FAILED = 1;
    /** Exit code on bad configuration. */
    public static final int EXIT_BAD_CONFIG = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    private ServiceMain() {
    }

    /** Runs the service as {@link #run(ServiceDefinition, String[])} does and exits the JVM with its code. */
    public static <C> void main(ServiceDefinition<C> service, String[] args) throws InterruptedException {
        System.exit(run(service, args));
    }

    /**
     * Parses the config from {@code args} ({@code [config.properties]}) and the environment, then runs the service
     * until it stops.
     *
     * @return the process exit code: {@link #EXIT_STOPPED}, {@link #EXIT_FAILED} or {@link #EXIT_BAD_CONFIG}
     */
    public static <C> int run(ServiceDefinition<C> service, String[] args) throws InterruptedException {
        ServiceStartup.trustStreamtuneAvroClasses();
        C config;
        try {
            config = service.parse().apply(ServiceStartup.rawConfig(args));
        } catch (RuntimeException e) {
            LOG.error("Invalid {} configuration: {}", service.name(), e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        return runWithConfig(service, config);
    }

    /**
     * Runs a service from its parsed config until SIGTERM (the shutdown hook {@code <name>-shutdown} closes it) or
     * failure.
     *
     * @return {@link #EXIT_STOPPED} after a requested stop, {@link #EXIT_FAILED} after a failure or a failed start
     */
    public static <C> int runWithConfig(ServiceDefinition<C> service, C config) throws InterruptedException {
        ServiceStartup.trustStreamtuneAvroClasses();
        try {
            return ServiceStartup.runUntilStopped(service.starter().start(config), service.name() + "-shutdown");
        } catch (RuntimeException e) {
            // Start-up failures (broker or registry unreachable, bad model files) say what failed.
            LOG.error("The {} service could not start: {}", service.name(), e.getMessage(), e);
            return EXIT_FAILED;
        }
    }
}
