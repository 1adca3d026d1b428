package io.streamtune.trainer;

import io.streamtune.common.service.ServiceDefinition;
import io.streamtune.common.service.ServiceMain;
import java.time.Clock;

/**
 * Runs the trainer service until the process is told to stop (SIGTERM or Ctrl-C: the named shutdown hook closes
 * the service, which checkpoints pending work first).
 *
 * <p>Usage: {@code TrainerMain [config.properties]}; {@code STREAMTUNE_*} environment variables override the file
 * (e.g. {@code STREAMTUNE_BOOTSTRAP_SERVERS}). Exits 1 when training fails or cannot start, 2 on bad configuration.
 */
public final class TrainerMain {

    /** How the trainer service is launched, here and by the launcher. */
    public static final ServiceDefinition<TrainerConfig> SERVICE = service(TrainerMilestones.NONE);

    private TrainerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.main(SERVICE, args);
    }

    /** Parses the configuration and runs; returns the exit code. A listener lets tests stop at chosen points. */
    public static int run(String[] args, TrainerMilestones listener) throws InterruptedException {
        return ServiceMain.run(service(listener), args);
    }

    private static ServiceDefinition<TrainerConfig> service(TrainerMilestones listener) {
        return new ServiceDefinition<>("trainer", TrainerConfig::new, config -> {
            // libtorch reads its thread count once, when the engine loads: before anything touches the engine.
            if (config.threads() > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
            }
            return TrainerService.start(config, listener, Clock.systemUTC());
        });
    }
}
