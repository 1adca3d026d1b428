package io.streamtune.ingest;

import io.streamtune.common.config.ServiceStartup;
import io.streamtune.common.service.ServiceMain;

/**
 * Runs the ingest service until the process is told to stop.
 *
 * <p>Usage: {@code IngestMain [config.properties]}; {@code STREAMTUNE_*} environment variables override the file
 * (e.g. {@code STREAMTUNE_BOOTSTRAP_SERVERS}). Exits 1 when Kafka Streams fails, 2 on bad configuration.
 */
public final class IngestMain {

    private IngestMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.main("ingest", args, IngestConfig::new, IngestService::start);
    }

    /** Runs until shutdown or failure; returns the process exit code. */
    public static int run(IngestConfig config) throws InterruptedException {
        return ServiceStartup.runUntilStopped(IngestService.start(config), "ingest-shutdown");
    }
}
