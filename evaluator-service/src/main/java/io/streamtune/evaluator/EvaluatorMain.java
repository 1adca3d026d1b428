package io.streamtune.evaluator;

import io.streamtune.common.service.ServiceDefinition;
import io.streamtune.common.service.ServiceMain;

/**
 * Runs the evaluator service until the process is told to stop.
 *
 * <p>Usage: {@code EvaluatorMain [config.properties]}; {@code STREAMTUNE_*} environment variables override the file
 * (e.g. {@code STREAMTUNE_CHECKPOINT_DIR}). Exits 1 when the service fails, 2 on bad configuration.
 */
public final class EvaluatorMain {

    /** How the evaluator service is launched, here and by the launcher. */
    public static final ServiceDefinition<EvaluatorConfig> SERVICE =
            new ServiceDefinition<>("evaluator", EvaluatorConfig::new, EvaluatorService::start);

    private EvaluatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.main(SERVICE, args);
    }
}
