package io.streamtune.launcher.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Streamtune component running as its own JVM, as in production, with its output in a log file. Stopping it
 * sends SIGTERM (so its shutdown hook runs), waits, and only then kills it and anything it started.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code mainClass} in a new JVM with the class path of this one.
     *
     * @param name      short name for logs and pid files, e.g. {@code ingest}
     * @param mainClass fully qualified main class
     * @param args      program arguments
     * @param jvmArgs   extra JVM options (heap, system properties)
     * @param env       extra environment variables
     * @param logFile   where stdout and stderr go (appended)
     */
    public static ChildProcess startJava(String name, String mainClass, List<String> args, List<String> jvmArgs,
            Map<String, String> env, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return start(name, command, env, logFile);
    }

    /** Starts any command, with its output appended to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            LOG.info("Started {} (pid {}), log in {}", name, process.pid(), logFile);
            return new ChildProcess(name, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The command run through {@code setsid} where there is one, so that it leads its own session: Ctrl-C in the
     * terminal then reaches only the launcher, which stops its children in order (services before the broker),
     * and closing the terminal does not hang up a pipeline that {@code up} left running. {@code setsid} execs the
     * command in the same process, so the pid stays the command's.
     */
    static List<String> inOwnSession(List<String> command) {
        return Files.isExecutable(SETSID) ? concat(SETSID.toString(), command) : command;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code, if it has exited. */
    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** The last {@code lines} lines of its log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** Whether its log holds {@code text} (false when the log cannot be read yet). */
    public boolean logContains(String text) {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Asks the process to stop (SIGTERM) and waits up to {@code grace}; then kills it and its descendants.
     *
     * @return true when it stopped within the grace period
     */
    public boolean stop(Duration grace) {
        return stop(process.toHandle(), name, grace);
    }

    /**
     * Stops any process the same way: SIGTERM, up to {@code grace} to exit, then a kill of it and of whatever it
     * started. Used for processes of an earlier launcher run too ({@code streamtune down}).
     *
     * @return true when it stopped within the grace period (or was not running)
     */
    public static boolean stop(ProcessHandle handle, String name, Duration grace) {
        if (!handle.isAlive()) {
            return true;
        }
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        boolean graceful = awaitExit(handle, grace);
        if (!graceful) {
            LOG.warn("{} (pid {}) did not stop within {} s; killing it", name, handle.pid(), grace.toSeconds());
            handle.destroyForcibly();
            awaitExit(handle, Duration.ofSeconds(10));
        }
        // A child that outlived its parent (e.g. a server the component started) must not be left behind.
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return graceful;
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** Stops with a 30 s grace period. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
