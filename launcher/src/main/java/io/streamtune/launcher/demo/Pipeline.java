package io.streamtune.launcher.demo;

import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.launcher.Streamtune;
import io.streamtune.launcher.process.ChildProcess;
import io.streamtune.launcher.process.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine: the embedded broker, the embedded schema registry, the ingest, trainer
 * and evaluator services and the serve server, each its own JVM (as in production) started through the launcher's own subcommands,
 * with its log in {@code <runDir>/logs}. Closing it stops them in reverse order, each with SIGTERM first.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** Written into the run folder so {@code streamtune down} can find the processes of {@code streamtune up}. */
    public static final String PID_FILE = "pipeline.pids";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    /** The serve server's port setting and liveness path (Open Inference Protocol). */
    private static final String SERVE_PORT_KEY = "http.port";
    private static final String SERVE_LIVE_PATH = "/v2/health/live";

    private final PipelineSpec spec;
    private final List<ChildProcess> processes = Collections.synchronizedList(new ArrayList<>());

    private Pipeline(PipelineSpec spec) {
        this.spec = spec;
    }

    /**
     * Starts every part and waits until each is ready; on failure stops what it started and throws with the
     * failing part's last log lines.
     *
     * @param progress told about each step, for the terminal
     */
    public static Pipeline start(PipelineSpec spec, Consumer<String> progress) {
        Pipeline pipeline = new Pipeline(spec);
        try {
            pipeline.startAll(progress);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) {
        Path logs = spec.runDir().resolve("logs");
        progress.accept("starting the Kafka broker (KRaft) on " + spec.bootstrapServers());
        ChildProcess broker = launch("broker", List.of("broker", "--port", String.valueOf(spec.ports().broker()),
                "--data-dir", spec.runDir().resolve("broker").toString()), "512m", Map.of(), logs);
        progress.accept("starting the schema registry on " + spec.registryUrl());
        ChildProcess registry = launch("registry", List.of("registry", "--port",
                String.valueOf(spec.ports().registry()), "--data-dir", spec.runDir().resolve("registry").toString()),
                "256m", Map.of(), logs);
        Readiness.awaitLogLine(broker, "Pipeline topics:", START_TIMEOUT);
        Readiness.awaitLogLine(registry, "Schema registry ready", START_TIMEOUT);

        // libtorch's OpenMP workers spin while idle unless told otherwise; on shared cores that costs ~10x.
        Map<String, String> torchEnv = Map.of("OMP_WAIT_POLICY", "PASSIVE");
        progress.accept("starting the ingest, trainer and evaluator services");
        ChildProcess ingest = launchService("ingest", spec.ingest(), spec.ports().ingestMetrics(), "768m", Map.of());
        ChildProcess trainer = launchService("trainer", spec.trainer(), spec.ports().trainerMetrics(),
                spec.trainerHeap(), torchEnv);
        ChildProcess evaluator = launchService("evaluator", spec.evaluator(), spec.ports().evaluatorMetrics(),
                spec.trainerHeap(), torchEnv);
        awaitHealthy(ingest, spec.ports().ingestMetrics());
        awaitHealthy(trainer, spec.ports().trainerMetrics());
        awaitHealthy(evaluator, spec.ports().evaluatorMetrics());
        progress.accept("starting the serve server on " + spec.serveUrl());
        ChildProcess serve = launch("serve", List.of("serve", "--config", writeConfig(
                spec.runDir().resolve("config").resolve("serve.properties"), spec.serve(), SERVE_PORT_KEY,
                spec.ports().serveHttp()).toString(), "--bootstrap-servers", spec.bootstrapServers(),
                "--registry-url", spec.registryUrl()), "1g", torchEnv, logs);
        // Live, not ready: serve is ready once a champion is loaded, and a new pipeline has none yet.
        Readiness.awaitHttpOk(serve, spec.serveUrl() + SERVE_LIVE_PATH, START_TIMEOUT);
        writePidFile();
        progress.accept("pipeline ready: " + processes.stream().map(p -> p.name() + " (pid " + p.pid() + ")")
                .collect(Collectors.joining(", ")));
    }

    private ChildProcess launch(String name, List<String> args, String heap, Map<String, String> env, Path logs) {
        List<String> jvm = List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamtune");
        ChildProcess process = ChildProcess.startJava(name, Streamtune.class.getName(), args, jvm, env,
                logs.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    private static void awaitHealthy(ChildProcess process, int metricsPort) {
        Readiness.awaitHttpOk(process, "http://127.0.0.1:" + metricsPort + MetricsServer.READY_PATH, START_TIMEOUT);
    }

    /**
     * Starts a service the one way every service is launched: {@code streamtune <name> --config FILE
     * --bootstrap-servers ... --registry-url ...}, its settings and metrics port in {@code config/<name>.properties}.
     */
    private ChildProcess launchService(String name, Map<String, String> settings, int metricsPort, String heap,
            Map<String, String> env) {
        Path config = writeConfig(spec.runDir().resolve("config").resolve(name + ".properties"), settings,
                "metrics.port", metricsPort);
        return launch(name, List.of(name, "--config", config.toString(), "--bootstrap-servers",
                spec.bootstrapServers(), "--registry-url", spec.registryUrl()), heap, env,
                spec.runDir().resolve("logs"));
    }

    private static Path writeConfig(Path file, Map<String, String> settings, String portKey, int port) {
        StringBuilder text = new StringBuilder("# Written by streamtune for this run; the service reads it at start.\n");
        text.append(portKey).append('=').append(port).append('\n');
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void writePidFile() {
        // The start time guards against a reused pid: 'down' stops only the very process 'up' started.
        String lines = processes.stream().map(p -> p.name() + " " + p.pid() + " " + startMillis(ProcessHandle.of(p.pid()))
                + "\n").collect(Collectors.joining());
        try {
            Files.writeString(spec.runDir().resolve(PID_FILE), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file in " + spec.runDir(), e);
        }
    }

    public PipelineSpec spec() {
        return spec;
    }

    /** The first part that exited on its own, if any, with the reason (exit code and last log lines). */
    public Optional<String> failure() {
        synchronized (processes) {
            for (ChildProcess process : processes) {
                if (!process.isAlive()) {
                    return Optional.of(process.name() + " exited with code " + process.exitCode().orElse(-1)
                            + "; last lines of " + process.logFile() + ":" + System.lineSeparator()
                            + process.logTail(15));
                }
            }
        }
        return Optional.empty();
    }

    /** Stops everything, newest first, so services finish their work while the broker is still up. */
    @Override
    public void close() {
        List<ChildProcess> reversed;
        synchronized (processes) {
            reversed = new ArrayList<>(processes);
        }
        Collections.reverse(reversed);
        for (ChildProcess process : reversed) {
            if (!process.stop(STOP_GRACE)) {
                LOG.warn("{} had to be killed; see {}", process.name(), process.logFile());
            }
        }
        processes.clear();
        try {
            Files.deleteIfExists(spec.runDir().resolve(PID_FILE));
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", spec.runDir().resolve(PID_FILE), e.getMessage());
        }
    }

    /** Whether a process listed in the run folder's pid file is still alive (a pipeline {@code up} there). */
    public static boolean isUp(Path runDir) throws IOException {
        return !livePids(runDir).isEmpty();
    }

    private static List<String[]> livePids(Path runDir) throws IOException {
        Path file = runDir.resolve(PID_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String[]> live = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split(" ");
            if (fields.length == 3 && startedProcess(fields).isPresent()) {
                live.add(fields);
            }
        }
        return live;
    }

    /** The live process of a pid-file line ({@code name pid startMillis}), if it is still the one started then. */
    private static Optional<ProcessHandle> startedProcess(String[] fields) {
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(fields[1])).filter(ProcessHandle::isAlive);
        return handle.filter(h -> Long.toString(startMillis(handle)).equals(fields[2]));
    }

    private static long startMillis(Optional<ProcessHandle> handle) {
        return handle.flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli).orElse(-1L);
    }

    /**
     * Stops the processes listed in a run folder's pid file (left by {@code streamtune up}), newest first.
     *
     * @return a line per process saying what happened; empty when there was no pid file
     */
    public static List<String> stopFromPidFile(Path runDir) throws IOException {
        Path file = runDir.resolve(PID_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Collections.reverse(lines);
        List<String> report = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split(" ");
            if (fields.length != 3) {
                continue;
            }
            String name = fields[0];
            Optional<ProcessHandle> handle = startedProcess(fields);
            if (handle.isEmpty()) {
                report.add(name + ": not running");
                continue;
            }
            boolean graceful = ChildProcess.stop(handle.get(), name, STOP_GRACE);
            report.add(name + ": " + (graceful ? "stopped" : "killed after " + STOP_GRACE.toSeconds() + " s"));
        }
        Files.delete(file);
        return report;
    }
}
