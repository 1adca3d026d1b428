package io.streamtune.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of this JVM's threads, grouped by name with the numbers taken out, so that a benchmark can say which
 * part of an in-process pipeline (stream thread, its producer, the broker's handlers, the load generator) spent
 * the machine's cores.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** CPU nanoseconds so far of the live threads, summed per group. */
    static Map<String, Long> byGroup() {
        Map<String, Long> groups = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                groups.merge(group(info.getThreadName()), cpu, Long::sum);
            }
        }
        return groups;
    }

    /** Prints the groups that spent more than 1% of {@code seconds} between the two snapshots, largest first. */
    static void print(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Long> spent = new HashMap<>();
        after.forEach((group, cpu) -> spent.put(group, cpu - before.getOrDefault(group, 0L)));
        long total = spent.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "CPU of this JVM during %.1f s: %.1f s%n", seconds, total / 1e9);
        spent.entrySet().stream()
                .filter(entry -> entry.getValue() > seconds * 1e7)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> System.out.printf(Locale.ROOT, "  %6.2f s  %s%n", entry.getValue() / 1e9,
                        entry.getKey()));
    }

    private static String group(String threadName) {
        String name = threadName.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
        return name.replaceAll("\\d+", "N");
    }
}
