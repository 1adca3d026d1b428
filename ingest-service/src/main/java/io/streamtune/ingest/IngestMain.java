package io.streamtune.ingest;

import io.streamtune.common.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingest service until the process is told to stop.
 *
 * <p>Usage: {@code IngestMain [config.properties]}; {@code STREAMTUNE_*} environment variables override the file
 * (e.g. {@code STREAMTUNE_BOOTSTRAP_SERVERS}). Exits 1 when Kafka Streams fails, 2 on bad configuration.
 */
public final class IngestMain {

    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Avro instantiates generated classes only from trusted packages; read once, so set before any decoding.
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.streamtune");
        }
        IngestConfig config;
        try {
            config = new IngestConfig(ConfigLoader.load(args.length > 0 ? Path.of(args[0]) : null,
                    System.getenv(), Map.of()));
        } catch (RuntimeException e) {
            LOG.error("Invalid ingest configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(config));
    }

    /** Runs until shutdown or failure; returns the process exit code. */
    public static int run(IngestConfig config) throws InterruptedException {
        IngestService service = IngestService.start(config);
        Thread hook = new Thread(service::close, "ingest-shutdown");
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
