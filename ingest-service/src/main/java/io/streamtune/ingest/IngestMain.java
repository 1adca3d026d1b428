package io.streamtune.ingest;

import io.streamtune.common.service.ServiceDefinition;
import io.streamtune.common.service.ServiceMain;

/**
 * Runs the ingest service until the process is told to stop.
 *
 * <p>Usage: {@code IngestMain [config.properties]}; {@code STREAMTUNE_*} environment variables override the file
 * (e.g. {@code STREAMTUNE_BOOTSTRAP_SERVERS}). Exits 1 when Kafka Streams fails, 2 on bad configuration.
 */
public final class IngestMain {

    /** How the ingest service is launched, here and by the launcher. */
    public static final ServiceDefinition<IngestConfig> SERVICE =
            new ServiceDefinition<>("ingest", IngestConfig::new, IngestService::start);

    private IngestMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.main(SERVICE, args);
    }
}
