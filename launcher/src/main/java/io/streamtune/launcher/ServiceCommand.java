package io.streamtune.launcher;

import io.streamtune.common.config.ConfigLoader;
import io.streamtune.common.service.ServiceDefinition;
import io.streamtune.common.service.ServiceMain;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A service in the foreground, launched the one way every service is: settings from {@code --config}, then
 * {@code STREAMTUNE_*} environment variables, then the {@link ServiceOptions}; then {@link ServiceMain} runs it until
 * Ctrl-C or SIGTERM. Exits 0 after a requested stop, 1 when the service failed or could not start, 2 on bad settings.
 */
abstract class ServiceCommand<C> implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServiceOptions options;

    private final ServiceDefinition<C> service;

    ServiceCommand(ServiceDefinition<C> service) {
        this.service = service;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        C config;
        try {
            Path file = options.configFile(service.name(), err);
            if (file != null && !Files.isRegularFile(file)) {
                err.println("streamtune " + service.name() + ": no config file " + file);
                return ServiceMain.EXIT_BAD_CONFIG;
            }
            Map<String, String> overrides = options.overrides(service.name(), err);
            overrides.putAll(commandOverrides());
            config = service.parse().apply(ConfigLoader.load(file, System.getenv(), overrides));
        } catch (RuntimeException e) {
            err.println("streamtune " + service.name() + ": " + e.getMessage());
            return ServiceMain.EXIT_BAD_CONFIG;
        }
        return ServiceMain.runWithConfig(service, config);
    }

    /** Settings of the command's own options (beyond {@link ServiceOptions}), which win like those. */
    Map<String, String> commandOverrides() {
        return Map.of();
    }
}
