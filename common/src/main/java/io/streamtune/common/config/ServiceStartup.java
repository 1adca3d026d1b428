package io.streamtune.common.config;

import java.nio.file.Path;
import java.util.Map;

/** What every service's {@code main} does before it builds its typed config. */
public final class ServiceStartup {

    /** Avro's system property listing the packages whose generated classes it may instantiate. */
    public static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

    private ServiceStartup() {
    }

    /**
     * Lets Avro instantiate Streamtune's generated classes (it refuses untrusted packages). Avro reads the property
     * once, so call this before anything decodes; an explicit setting is left alone.
     */
    public static void trustStreamtuneAvroClasses() {
        if (System.getProperty(AVRO_TRUSTED_PACKAGES) == null) {
            System.setProperty(AVRO_TRUSTED_PACKAGES, "io.streamtune");
        }
    }

    /**
     * The raw configuration of a service started as {@code Main [config.properties]}: the file when given, then
     * {@code STREAMTUNE_*} environment variables over it.
     */
    public static Map<String, String> rawConfig(String[] args) {
        return ConfigLoader.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv(), Map.of());
    }

    /**
     * Runs a started service until SIGTERM (a shutdown hook named {@code hookName} closes it) or failure.
     *
     * @return the process exit code: 0 after a requested stop, 1 after a failure
     */
    public static int runUntilStopped(RunningService service, String hookName) throws InterruptedException {
        Thread hook = new Thread(service::close, hookName);
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
