package io.streamtune.launcher;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: {@code --bootstrap-servers}, and {@code --command-config} for everything else a
 * secured cluster needs (security.protocol, sasl.*, ssl.*), as Kafka's own tools take it. Secrets stay in the file:
 * nothing here prints a value read from it.
 */
final class KafkaOptions {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers; wins over bootstrap.servers in --command-config "
                    + "(default: " + DEFAULT_BOOTSTRAP_SERVERS + ").")
    private String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = {"Properties file of Kafka client settings, e.g. security.protocol=SASL_SSL, "
                    + "sasl.mechanism=SCRAM-SHA-512, sasl.jaas.config=..., ssl.truststore.location=..., "
                    + "ssl.keystore.location=... (mutual TLS). Schema registry keys in the same file "
                    + "(basic.auth.user.info, schema.registry.ssl.*) go to the registry client. Values are never printed."})
    private Path commandConfig;

    /** The raw contents of {@code --command-config}, empty without one. */
    Map<String, String> fileSettings() {
        if (commandConfig == null) {
            return Map.of();
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(commandConfig)) {
            props.load(reader);
        } catch (IOException e) {
            // The message names the file only: what it holds may be secret.
            throw new IllegalArgumentException("Cannot read --command-config " + commandConfig + ": "
                    + e.getClass().getSimpleName());
        }
        Map<String, String> settings = new HashMap<>();
        props.stringPropertyNames().forEach(name -> settings.put(name, props.getProperty(name).trim()));
        return settings;
    }

    /**
     * Kafka client settings: the file's (but its schema registry keys), with the bootstrap servers of the flag,
     * else of the file, else the default. The security keys are validated as the services validate them.
     */
    Map<String, Object> kafka() {
        Map<String, Object> props = new HashMap<>(fileSettings());
        Set<String> registryKeys = SchemaRegistryConfig.configDef().names();
        props.keySet().removeIf(registryKeys::contains);
        if (bootstrapServers != null) {
            props.put(KafkaConnectionConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        props.putIfAbsent(KafkaConnectionConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
        new KafkaConnectionConfig(props); // throws ConfigException naming a bad key, e.g. an unknown protocol
        return props;
    }

    /** The bootstrap servers in use, for messages. */
    String bootstrapServers() {
        return String.valueOf(kafka().get(KafkaConnectionConfig.BOOTSTRAP_SERVERS_CONFIG));
    }
}
