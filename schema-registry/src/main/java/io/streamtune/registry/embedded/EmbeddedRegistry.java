package io.streamtune.registry.embedded;

import io.streamtune.registry.SchemaRegistryClient;
import io.streamtune.registry.SchemaRegistryConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry (built by the {@code registry-server} module) run as a child process on 127.0.0.1, serving
 * the Confluent-compatible API at {@link #url()}. Schemas live in an H2 database file under the data directory,
 * so schema ids stay the same across restarts and records already in Kafka stay readable.
 *
 * <p>At start the pipeline's subjects get BACKWARD compatibility ({@link PipelineSubjects}). Closing stops the
 * process gracefully (SIGTERM, then a forced kill after a grace period); should this JVM die without closing it,
 * the process notices and stops by itself ({@link RegistryProcessMain}).
 */
public final class EmbeddedRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistry.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    // Small heap and serial GC: the registry serves a handful of schemas and shares 2 cores with Kafka.
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    /** Path of the Confluent-compatible API on an Apicurio 2.x server. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    /** Default port, the one Confluent Schema Registry uses. */
    public static final int DEFAULT_PORT = 8081;

    private final Path dataDir;
    private final Path serverJar;
    private final int port;
    private final boolean pipelineCompatibility;
    private final Map<String, String> environment;
    private Process process;
    private volatile boolean stopRequested;

    private EmbeddedRegistry(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.serverJar = builder.serverJar != null ? RegistryServerJar.require(builder.serverJar)
                : RegistryServerJar.locate();
        this.port = builder.port == 0 ? RegistryStartup.freePort(HOST) : builder.port;
        this.pipelineCompatibility = builder.pipelineCompatibility;
        this.environment = Map.copyOf(builder.environment);
    }

    /** Starts building a registry that keeps its schemas in {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Starts the process and returns once the API answers and the pipeline subjects are configured. */
    public synchronized EmbeddedRegistry start() {
        if (process != null) {
            throw new IllegalStateException("Registry already started");
        }
        RegistryStartup.requirePortFree(HOST, port);
        try {
            Files.createDirectories(dataDir);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.add("-D" + RegistryProcessMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
            command.add("-cp");
            command.add(serverJar + File.pathSeparator + RegistryServerJar.codeLocation());
            command.add(RegistryProcessMain.class.getName());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            Map<String, String> env = builder.environment();
            env.putAll(environment);
            env.put("QUARKUS_HTTP_HOST", HOST);
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("REGISTRY_DATASOURCE_URL",
                    "jdbc:h2:file:" + dataDir.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
            long started = System.nanoTime();
            process = builder.start();
            RegistryStartup.awaitReady(process, url(), START_TIMEOUT, logFile());
            LOG.info("Schema registry (Apicurio, pid {}) ready at {} in {} ms, data in {}", process.pid(), url(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
        } catch (IOException e) {
            stopProcess();
            throw new UncheckedIOException("Cannot start the schema registry from " + serverJar, e);
        } catch (RuntimeException e) {
            stopProcess();
            throw e;
        }
        if (pipelineCompatibility) {
            try (SchemaRegistryClient client = client()) {
                PipelineSubjects.requireBackward(client);
            }
        }
        return this;
    }

    /** Base URL of the Confluent-compatible API, the value for {@code schema.registry.url}. */
    public String url() {
        return "http://" + HOST + ":" + port + CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The file the server's output goes to. */
    public Path logFile() {
        return dataDir.resolve("registry.log");
    }

    /** Process id of the registry process, or -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Serde configuration pointing at this registry. */
    public Map<String, Object> clientConfig() {
        return Map.of(SchemaRegistryConfig.URL_CONFIG, url());
    }

    /** A client of this registry that retries briefly; the caller closes it. */
    public SchemaRegistryClient client() {
        return new SchemaRegistryClient(new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL_CONFIG, url(),
                SchemaRegistryConfig.MAX_RETRIES_CONFIG, 2, SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG, 100L)));
    }

    /**
     * Waits until the process ends, e.g. for a foreground command.
     *
     * @return {@code true} when it was stopped by {@link #close()}, {@code false} when it exited by itself
     */
    public boolean awaitExit() throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null) {
            running.waitFor();
        }
        return stopRequested;
    }

    /** Stops the process: SIGTERM lets Quarkus close the database cleanly; a forced kill follows the grace period. */
    @Override
    public synchronized void close() {
        stopRequested = true;
        stopProcess();
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        stopping.destroy();
        try {
            if (!stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Schema registry pid {} did not stop within {}; killing it", stopping.pid(), STOP_TIMEOUT);
                stopping.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            stopping.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("Schema registry at {} stopped", url());
    }

    /** Settings of an {@link EmbeddedRegistry}. */
    public static final class Builder {
        private final Path dataDir;
        private Path serverJar;
        private int port;
        private boolean pipelineCompatibility = true;
        private Map<String, String> environment = Map.of();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Port on 127.0.0.1; 0 (the default here) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The {@code quarkus-run.jar} to run; {@code null} (the default) finds it with
         * {@link RegistryServerJar#locate()}.
         */
        public Builder serverJar(Path serverJar) {
            this.serverJar = serverJar;
            return this;
        }

        /** Whether to set BACKWARD compatibility on the pipeline's subjects at start (default true). */
        public Builder pipelineCompatibility(boolean pipelineCompatibility) {
            this.pipelineCompatibility = pipelineCompatibility;
            return this;
        }

        /**
         * Extra environment of the server process: Apicurio and Quarkus settings such as
         * {@code QUARKUS_HTTP_SSL_PORT} and {@code QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE} for TLS. Host, port
         * and storage are always Streamtune's.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        public EmbeddedRegistry build() {
            return new EmbeddedRegistry(this);
        }
    }
}
