package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} (Debian package {@code prometheus}; {@code .ci/run} installs it). Tests that need
 * it are skipped, and say so, where it is not installed.
 */
final class Promtool {

    /** What {@code promtool} answered. */
    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** Skips the calling test where promtool cannot be run. */
    static void assumeInstalled() {
        boolean installed;
        try {
            installed = run("--version").exitCode() == 0;
        } catch (IllegalStateException notInstalled) {
            installed = false;
        }
        assumeTrue(installed, "promtool is not installed (Debian package prometheus; .ci/run installs it): "
                + "the alert rules and dashboard queries were not checked by promtool");
    }

    /** Runs promtool with {@code args} and asserts that it succeeded, showing its output when it did not. */
    static String succeed(String... args) {
        Result result = run(args);
        assertThat(result.exitCode()).as("promtool " + String.join(" ", args) + "\n" + result.output()).isZero();
        return result.output();
    }

    static Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within 5 minutes: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run promtool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while promtool ran", e);
        }
    }
}
