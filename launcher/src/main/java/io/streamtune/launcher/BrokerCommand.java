package io.streamtune.launcher;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.kafka.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune broker}: a single-node KRaft broker in the foreground, with the pipeline topics created. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs a real single-node Kafka broker (KRaft) on 127.0.0.1 in the foreground and creates "
                + "the pipeline topics. Data is kept in --data-dir across restarts. Stop with Ctrl-C."})
final class BrokerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--controller-port", defaultValue = "0",
            description = "KRaft controller port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int controllerPort;

    @Option(names = "--data-dir", defaultValue = ".streamtune/broker",
            description = "Directory for the broker's logs and metadata (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir)
                .port(port).controllerPort(controllerPort).build();
        Thread hook = new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "streamtune-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            broker.start();
            TopicProvisioner.Result topics = broker.provision(Topics.ALL);
            out.printf("Kafka broker ready on %s (data in %s)%n", broker.bootstrapServers(), broker.dataDir());
            out.printf("Pipeline topics: %d created, %d already present (configs re-applied)%n",
                    topics.created().size(), topics.updated().size());
            out.println("Press Ctrl-C to stop.");
            out.flush();
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            broker.close();
            throw e;
        }
        stopped.await();
        return 0;
    }
}
