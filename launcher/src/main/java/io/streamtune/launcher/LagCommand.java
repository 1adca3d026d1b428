package io.streamtune.launcher;

import io.streamtune.common.kafka.ConsumerLag;
import io.streamtune.common.kafka.ConsumerLag.PartitionLag;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune lag}: committed offset, end offset and lag per consumer group and partition. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"Shows, per consumer group and partition, the committed offset, the end offset and the lag. "
                + "Partitions a group has never committed on are listed with '-' as committed offset."})
final class LagCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = {"-g", "--group"}, description = "Only this consumer group (repeatable); default: every group.")
    private List<String> groups;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(kafka.kafka())) {
            ConsumerLag lag = new ConsumerLag(admin);
            List<String> wanted = groups == null || groups.isEmpty() ? lag.groups() : groups;
            if (wanted.isEmpty()) {
                out.println("No consumer groups.");
                return 0;
            }
            List<PartitionLag> rows = lag.lag(wanted);
            String format = "%-32s %-24s %9s %12s %12s %10s%n";
            out.printf(format, "GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG");
            for (PartitionLag row : rows) {
                out.printf(format, row.group(), row.topic(), row.partition(),
                        row.committed() < 0 ? "-" : String.valueOf(row.committed()), row.endOffset(), row.lag());
            }
            for (String group : wanted) {
                long total = rows.stream().filter(r -> r.group().equals(group)).mapToLong(PartitionLag::lag).sum();
                out.printf("%s: total lag %d%n", group, total);
            }
        }
        return 0;
    }
}
