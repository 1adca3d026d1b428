package io.streamtune.ingest;

import io.streamtune.common.config.ServiceStartup;
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
        ServiceStartup.trustStreamtuneAvroClasses();
        IngestConfig config;
        try {
            config = new IngestConfig(ServiceStartup.rawConfig(args));
        } catch (RuntimeException e) {
            LOG.error("Invalid ingest configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(run(config));
        } catch (RuntimeException e) {
            // Start-up failures (broker or registry unreachable, schema refused) say what failed; no need to crash.
            LOG.error("Ingest service could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** Runs until shutdown or failure; returns the process exit code. */
    public static int run(IngestConfig config) throws InterruptedException {
        return ServiceStartup.runUntilStopped(IngestService.start(config), "ingest-shutdown");
    }
}
