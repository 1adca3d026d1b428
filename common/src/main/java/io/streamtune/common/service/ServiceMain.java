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
 */
public final class ServiceMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    /** Starts a service from its typed config. */
    @FunctionalInterface
    public interface Starter<C> {
        RunningService start(C config) throws InterruptedException;
    }

    private ServiceMain() {
    }

    /**
     * Parses the config from {@code args} and the environment, runs the service and exits the JVM.
     *
     * @param name  service name for logs and the shutdown hook, e.g. {@code evaluator}
     * @param parse builds and validates the typed config; throws on invalid values
     */
    public static <C> void main(String name, String[] args, Function<Map<String, String>, C> parse,
            Starter<C> starter) throws InterruptedException {
        ServiceStartup.trustStreamtuneAvroClasses();
        C config;
        try {
            config = parse.apply(ServiceStartup.rawConfig(args));
        } catch (RuntimeException e) {
            LOG.error("Invalid {} configuration: {}", name, e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(ServiceStartup.runUntilStopped(starter.start(config), name + "-shutdown"));
        } catch (RuntimeException e) {
            // Start-up failures (broker or registry unreachable, bad model files) say what failed.
            LOG.error("The {} service could not start: {}", name, e.getMessage(), e);
            System.exit(1);
        }
    }
}
