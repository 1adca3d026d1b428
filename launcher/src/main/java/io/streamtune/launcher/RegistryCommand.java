package io.streamtune.launcher;

import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.registry.embedded.PipelineSubjects;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune registry}: the embedded schema registry in the foreground. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = {"Runs the embedded schema registry (Apicurio Registry 2.4.2, Confluent-compatible API) on "
                + "127.0.0.1 in the foreground. Schemas and their ids are kept in --data-dir across restarts; the "
                + "pipeline's subjects get BACKWARD compatibility. Stop with Ctrl-C."})
final class RegistryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "8081", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data-dir", defaultValue = ".streamtune/registry",
            description = "Directory for the registry's database and log (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--server-jar",
            description = "The registry's quarkus-run.jar (default: the one the build puts in registry-server/target).")
    private Path serverJar;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedRegistry registry;
        try {
            registry = EmbeddedRegistry.builder(dataDir).port(port).serverJar(serverJar).build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            return fail(e);
        }
        Thread hook = new Thread(registry::close, "streamtune-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            registry.start();
        } catch (IllegalStateException | UncheckedIOException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            registry.close();
            return fail(e);
        }
        out.printf("Schema registry ready: schema.registry.url=%s%n", registry.url());
        out.printf("Data in %s, server log in %s%n", registry.dataDir(), registry.logFile());
        out.printf("Subjects with %s compatibility: %s%n", PipelineSubjects.COMPATIBILITY,
                String.join(", ", PipelineSubjects.valueSubjects()));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        if (registry.awaitExit()) {
            return 0;
        }
        spec.commandLine().getErr().printf("Schema registry exited by itself; see %s%n", registry.logFile());
        return 1;
    }

    /** These failures say what went wrong and what to do (missing jar, port taken, start-up log): no stack trace. */
    private int fail(RuntimeException e) {
        spec.commandLine().getErr().println("streamtune registry: " + e.getMessage());
        return 1;
    }
}
