package io.streamtune.launcher;

import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.evaluator.EvaluatorMain;
import picocli.CommandLine.Command;

/** {@code streamtune evaluator}: runs the evaluator service in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "evaluator", mixinStandardHelpOptions = true,
        description = {"Runs the evaluator service: scores every checkpoint on the validation stream, gates it "
                + "against the champion and publishes evaluations and promotions. Ctrl-C stops it; an unfinished "
                + "evaluation is redone at the next start.",
            "Settings (schema.registry.url, checkpoint.dir, gate.rules, ...; see README.md) come from --config, "
                + "then STREAMTUNE_* environment variables (STREAMTUNE_CHECKPOINT_DIR, ...), then the options "
                + "below."})
final class EvaluatorCommand extends ServiceCommand<EvaluatorConfig> {

    EvaluatorCommand() {
        super(EvaluatorMain.SERVICE);
    }
}
