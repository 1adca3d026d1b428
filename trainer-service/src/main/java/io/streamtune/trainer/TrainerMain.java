package io.streamtune.trainer;

import io.streamtune.common.config.ServiceStartup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the trainer service until the process is told to stop (SIGTERM or Ctrl-C: the named shutdown hook closes
 * the service, which checkpoints pending work first).
 *
 * <p>Usage: {@code TrainerMain [config.properties]}; {@code STREAMTUNE_*} environment variables override the file
 * (e.g. {@code STREAMTUNE_BOOTSTRAP_SERVERS}). Exits 1 when training fails, 2 on bad configuration.
 */
public final class TrainerMain {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerMain.class);

    private TrainerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, TrainerMilestones.NONE));
    }

    /** Parses the configuration and runs; returns the exit code. A listener lets tests stop at chosen points. */
    public static int run(String[] args, TrainerMilestones listener) throws InterruptedException {
        ServiceStartup.trustStreamtuneAvroClasses();
        TrainerConfig config;
        try {
            config = new TrainerConfig(ServiceStartup.rawConfig(args));
        } catch (RuntimeException e) {
            LOG.error("Invalid trainer configuration: {}", e.getMessage());
            return 2;
        }
        // libtorch reads its thread count once, when the engine loads: before anything touches the engine.
        if (config.threads() > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
        }
        return ServiceStartup.runUntilStopped(TrainerService.start(config, listener, java.time.Clock.systemUTC()),
                "trainer-shutdown");
    }
}
