package io.streamtune.testkit;

import io.streamtune.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Hands tests a real Kafka broker as a {@link KafkaBroker} parameter. One broker serves the whole test run
 * (tests use their own topic names); it is stopped when the run ends.
 *
 * <p>The broker is a Testcontainers {@code apache/kafka} container when {@code -Dstreamtune.kafka=docker}, or
 * when the mode is {@code auto} (the default) and a Docker engine answers; otherwise the embedded KRaft broker.
 */
public final class KafkaBrokerExtension extends ScopedResourceResolver<KafkaBrokerExtension.RunningBroker> {

    /** Image used in Docker mode, pinned. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);

    public KafkaBrokerExtension() {
        super(KafkaBroker.class, RunningBroker.class);
    }

    @Override
    ExtensionContext scope(ExtensionContext context) {
        return context.getRoot();
    }

    @Override
    Object parameter(RunningBroker broker) {
        return broker;
    }

    @Override
    RunningBroker start() {
        BrokerMode mode = BrokerMode.parse(System.getProperty(BrokerMode.PROPERTY));
        boolean docker = switch (mode) {
            case DOCKER -> true;
            case EMBEDDED -> false;
            case AUTO -> DockerClientFactory.instance().isDockerAvailable();
        };
        return docker ? startContainer() : startEmbedded();
    }

    private static RunningBroker startContainer() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        container.start();
        LOG.info("Tests use Kafka container {} at {}", KAFKA_IMAGE, container.getBootstrapServers());
        return new RunningBroker(container.getBootstrapServers(), "docker", container::stop);
    }

    private static RunningBroker startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("streamtune-it-kafka");
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir).build().start();
            LOG.info("Tests use the embedded KRaft broker at {}", broker.bootstrapServers());
            return new RunningBroker(broker.bootstrapServers(), "embedded", () -> {
                broker.close();
                deleteRecursively(dir);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data directory for the embedded broker", e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** A started broker; JUnit closes it when the root context (the whole run) ends. */
    record RunningBroker(String bootstrapServers, String kind, Runnable stopper)
            implements KafkaBroker, AutoCloseable {
        @Override
        public void close() {
            stopper.run();
        }
    }
}
