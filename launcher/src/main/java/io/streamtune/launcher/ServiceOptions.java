package io.streamtune.launcher;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.registry.SchemaRegistryConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of every service command ({@code ingest}, {@code trainer}, {@code evaluator}): where its settings are
 * and, overriding them, where the broker and the registry are. The spellings of earlier versions still work, with a
 * deprecation warning.
 */
final class ServiceOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with the service's settings; STREAMTUNE_* environment variables and the "
                    + "options below override it.")
    private Path config;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (bootstrap.servers).")
    private String bootstrapServers;

    @Option(names = {"-r", "--registry-url"}, paramLabel = "URL",
            description = "Schema registry URL (schema.registry.url).")
    private String registryUrl;

    @Option(names = "--registry", paramLabel = "URL", description = "Deprecated: use --registry-url.")
    private String deprecatedRegistry;

    @Parameters(arity = "0..1", paramLabel = "CONFIG", description = "Deprecated: use --config CONFIG.")
    private Path deprecatedConfig;

    /**
     * The settings file, from {@code --config} or the deprecated argument (with a warning on {@code err}).
     *
     * @throws IllegalArgumentException when both are given
     */
    Path configFile(String command, PrintWriter err) {
        if (deprecatedConfig == null) {
            return config;
        }
        if (config != null) {
            throw new IllegalArgumentException("give the settings file once, as --config " + config);
        }
        err.println("streamtune " + command + ": the CONFIG argument is deprecated; use --config " + deprecatedConfig);
        return deprecatedConfig;
    }

    /** The settings of the options, which win over the file and the environment. */
    Map<String, String> overrides(String command, PrintWriter err) {
        Map<String, String> overrides = new HashMap<>();
        if (bootstrapServers != null) {
            overrides.put(KafkaConnectionConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (deprecatedRegistry != null) {
            err.println("streamtune " + command + ": --registry is deprecated; use --registry-url");
            overrides.put(SchemaRegistryConfig.URL_CONFIG, deprecatedRegistry);
        }
        if (registryUrl != null) {
            overrides.put(SchemaRegistryConfig.URL_CONFIG, registryUrl);
        }
        return overrides;
    }
}
