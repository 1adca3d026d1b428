package io.streamtune.launcher;

import io.streamtune.registry.SchemaRegistryConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the broker and the schema registry are, and how to log in to them: the options every command that reads
 * Avro topics shares. Security settings come from {@code --command-config} (see {@link KafkaOptions}).
 */
final class ConnectionOptions {

    static final String DEFAULT_REGISTRY_URL = "http://127.0.0.1:8081/apis/ccompat/v7";

    @Mixin
    private KafkaOptions kafka;

    @Option(names = {"-r", "--registry-url"}, paramLabel = "URL",
            description = "Schema registry (Confluent-compatible API); wins over schema.registry.url in "
                    + "--command-config (default: " + DEFAULT_REGISTRY_URL + ").")
    private String registryUrl;

    /** Kafka client settings. */
    Map<String, Object> kafka() {
        return kafka.kafka();
    }

    /** Registry serde settings: the registry keys of {@code --command-config}, with the URL of the flag. */
    Map<String, Object> registry() {
        Map<String, Object> props = new HashMap<>();
        Set<String> registryKeys = SchemaRegistryConfig.configDef().names();
        kafka.fileSettings().forEach((key, value) -> {
            if (registryKeys.contains(key)) {
                props.put(key, value);
            }
        });
        if (registryUrl != null) {
            props.put(SchemaRegistryConfig.URL_CONFIG, registryUrl);
        }
        props.putIfAbsent(SchemaRegistryConfig.URL_CONFIG, DEFAULT_REGISTRY_URL);
        new SchemaRegistryConfig(props); // throws ConfigException naming a bad key; never echoes a secret
        return props;
    }
}
