package io.streamtune.serving;

import io.streamtune.common.service.ServiceDefinition;
import io.streamtune.common.service.ServiceMain;

/**
 * Runs {@code serve} until the process is told to stop.
 *
 * <p>Usage: {@code ServeMain [config.properties]}; {@code STREAMTUNE_*} environment variables override the file
 * (e.g. {@code STREAMTUNE_HTTP_AUTH_TOKEN}). Exits 1 when the service fails, 2 on bad configuration.
 */
public final class ServeMain {

    /** How serve is launched, here and by the launcher. */
    public static final ServiceDefinition<ServeConfig> SERVICE =
            new ServiceDefinition<>("serve", ServeConfig::new, ServeService::start);

    private ServeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.main(SERVICE, args);
    }
}
