package io.streamtune.common.service;

import io.streamtune.common.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every service: reads the config ({@code [config.properties]}, overridden by
 * {@code STREAMTUNE_*} environment variables), starts the service, stops it on SIGTERM through a named shutdown
 * hook, and exits 0 after a clean stop, 1 when the service failed, 2 on bad configuration.
 */
public final class ServiceMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    /** A started service the main thread waits on. */
    public interface Service extends AutoCloseable {

        /**
         * Blocks until the service stops, by {@link #close()} or by failure.
         *
         * @return {@code true} when it stopped because it failed
         */
        boolean awaitTermination() throws InterruptedException;

        /** Stops the service; idempotent. */
        @Override
        void close();
    }

    /** Starts a service from its typed config. */
    @FunctionalInterface
    public interface Starter<C> {
        Service start(C config) throws InterruptedException;
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
        // Avro instantiates generated classes only from trusted packages; read once, so set before any decoding.
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.streamtune");
        }
        C config;
        try {
            config = parse.apply(ConfigLoader.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv(),
                    Map.of()));
        } catch (RuntimeException e) {
            LOG.error("Invalid {} configuration: {}", name, e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(name, config, starter));
    }

    /** Runs until shutdown or failure; returns the process exit code. */
    public static <C> int run(String name, C config, Starter<C> starter) throws InterruptedException {
        Service service = starter.start(config);
        Thread hook = new Thread(service::close, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean failed = service.awaitTermination();
        if (failed) {
            Runtime.getRuntime().removeShutdownHook(hook);
            service.close();
            return 1;
        }
        return 0;
    }
}
