package io.streamtune.launcher;

import io.streamtune.common.config.ConfigLoader;
import io.streamtune.common.service.ServiceMain;
import io.streamtune.ingest.IngestConfig;
import io.streamtune.ingest.IngestMain;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune ingest}: the ingest service in the foreground. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Runs the ingest service (Kafka Streams, exactly-once): validates labeled examples, "
                + "dead-letters bad ones, drops duplicates, splits off validation data and packs training shards. "
                + "Settings come from --config, then STREAMTUNE_* environment variables, then the options below; "
                + "see ingest-service/README.md for every key. Stop with Ctrl-C."})
final class IngestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "Properties file with the ingest settings.")
    private Path config;

    @Option(names = {"-b", "--bootstrap-servers"}, description = "Kafka bootstrap servers.")
    private String bootstrapServers;

    @Option(names = {"-r", "--registry"}, description = "Schema registry URL (schema.registry.url).")
    private String registryUrl;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        if (bootstrapServers != null) {
            overrides.put(IngestConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (registryUrl != null) {
            overrides.put("schema.registry.url", registryUrl);
        }
        IngestConfig settings;
        try {
            settings = new IngestConfig(ConfigLoader.load(config, System.getenv(), overrides));
        } catch (ConfigException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("streamtune ingest: " + e.getMessage());
            return 2;
        }
        return ServiceMain.runWithConfig(IngestMain.SERVICE, settings);
    }
}
