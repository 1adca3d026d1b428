package io.streamtune.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds live processes by their whole command line, read from {@code /proc} (Linux): {@link ProcessHandle.Info}
 * truncates command lines at 4,096 characters, and a Java command line with its class path is longer than that,
 * so a check through it would pass without looking.
 */
final class RunningProcesses {

    private RunningProcesses() {
    }

    /** Pid and command line of every live process whose command line contains {@code text}. */
    static List<String> withCommandLineContaining(String text) throws IOException {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            throw new IllegalStateException("needs /proc (Linux) to read whole command lines");
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String commandLine;
                try {
                    commandLine = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                if (commandLine.contains(text)) {
                    found.add(entry.getFileName() + " "
                            + commandLine.substring(0, Math.min(300, commandLine.length())));
                }
            }
        }
        return found;
    }
}
