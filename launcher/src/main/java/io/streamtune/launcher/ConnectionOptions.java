package io.streamtune.launcher;

import io.streamtune.registry.SchemaRegistryConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the broker and the schema registry are: the options every command that reads Avro topics shares. */
final class ConnectionOptions {

    @Option(names = {"-b", "--bootstrap-servers"}, defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    @Option(names = {"-r", "--registry-url"}, defaultValue = "http://127.0.0.1:8081/apis/ccompat/v7",
            description = "Schema registry (Confluent-compatible API) (default: ${DEFAULT-VALUE}).")
    private String registryUrl;

    /** Kafka client settings. */
    Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    /** Registry serde settings. */
    Map<String, Object> registry() {
        return Map.of(SchemaRegistryConfig.URL_CONFIG, registryUrl);
    }
}
