package io.streamtune.launcher;

import io.streamtune.evaluator.ops.PromotionsReader;
import io.streamtune.evaluator.ops.Rollback;
import io.streamtune.schemas.PromotionEvent;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune rollback}: makes an earlier model the champion again, with a reason. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Publishes a promotion of kind ROLLBACK naming an earlier model version of the task as its "
                + "champion. The version must appear in the promotions or checkpoints topic."})
final class RollbackCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = {"-t", "--task"}, required = true, description = "Task whose champion changes.")
    private String task;

    @Option(names = "--to", required = true, description = "Model version (checkpoint id) to make the champion.")
    private String version;

    @Option(names = "--reason", required = true, description = "Why; kept in the promotion event.")
    private String reason;

    @Override
    public Integer call() throws Exception {
        try {
            PromotionEvent event = new Rollback(connection.kafka(), connection.registry(), Clock.systemUTC())
                    .rollback(task, version, reason);
            spec.commandLine().getOut().println("Rolled back: " + PromotionsReader.format(event));
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("Cannot roll back: " + e.getMessage());
            return 1;
        }
    }
}
