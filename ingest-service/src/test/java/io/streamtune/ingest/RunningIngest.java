package io.streamtune.ingest;

import static org.awaitility.Awaitility.await;

import io.streamtune.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** Starts the ingest service of an integration test on its broker and registry, and waits until it runs. */
final class RunningIngest {

    private RunningIngest() {
    }

    /**
     * The service with state under {@code dir}, no metrics endpoint and {@code settings} on top.
     *
     * @throws InterruptedException while provisioning topics
     */
    static IngestService start(KafkaBroker broker, String registryUrl, Path dir, String applicationId,
            Map<String, String> settings) throws InterruptedException {
        Map<String, String> config = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "schema.registry.url", registryUrl, "application.id", applicationId,
                "state.dir", dir.resolve("state").toString(), "metrics.port", "-1"));
        config.putAll(settings);
        IngestService service = IngestService.start(new IngestConfig(config));
        await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);
        return service;
    }
}
