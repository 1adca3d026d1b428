package io.streamtune.launcher;

import io.streamtune.evaluator.ops.PromotionsReader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune promotions}: the promotion events, as a downstream subscriber sees them. */
@Command(name = "promotions", mixinStandardHelpOptions = true,
        description = {"Prints the committed promotion events (promotions and rollbacks), oldest first; the last "
                + "line of a task names its champion. With --follow, keeps printing new ones until Ctrl-C."})
final class PromotionsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = {"-t", "--task"}, description = "Only this task's promotions.")
    private String task;

    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new promotions.")
    private boolean follow;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AtomicInteger count = new AtomicInteger();
        try (PromotionsReader reader = new PromotionsReader(connection.kafka(), connection.registry())) {
            Thread hook = new Thread(reader::stop, "promotions-stop");
            if (follow) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            reader.read(task, follow, promotion -> {
                out.println(PromotionsReader.format(promotion));
                out.flush();
                count.incrementAndGet();
            });
        }
        if (count.get() == 0) {
            out.println(task == null ? "No promotions yet." : "No promotions yet for task " + task + ".");
        }
        return 0;
    }
}
