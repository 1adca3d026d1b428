package io.streamtune.launcher.demo;

import java.util.HashMap;
import java.util.Map;

/**
 * The few things the demo reads from a service's {@code /metrics} page (Prometheus text format): the sum of
 * every series of a metric, whatever its labels.
 */
public final class PrometheusText {

    private final Map<String, Double> sums;

    private PrometheusText(Map<String, Double> sums) {
        this.sums = sums;
    }

    /** Parses a scrape; comment lines and malformed lines are ignored. */
    public static PrometheusText parse(String text) {
        Map<String, Double> sums = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            // The value follows the label set, whose quoted values may hold spaces: take the last field.
            String[] fields = line.trim().split(" ");
            String rawValue = line.indexOf('}') >= 0
                    ? line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0]
                    : (fields.length > 1 ? fields[1] : "");
            double value;
            try {
                value = Double.parseDouble(rawValue);
            } catch (NumberFormatException e) {
                continue;
            }
            sums.merge(line.substring(0, nameEnd), value, Double::sum);
        }
        return new PrometheusText(sums);
    }

    /** An empty scrape, for a service that did not answer. */
    public static PrometheusText empty() {
        return new PrometheusText(Map.of());
    }

    /** Sum over all series of {@code name}, or NaN when the metric is absent. */
    public double sum(String name) {
        return sums.getOrDefault(name, Double.NaN);
    }

    /** Sum over all series of {@code name} as a count, or 0 when absent. */
    public long count(String name) {
        double value = sum(name);
        return Double.isNaN(value) ? 0 : Math.round(value);
    }
}
