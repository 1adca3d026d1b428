package io.streamtune.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The monitoring files under {@code deploy/}: the alert rules (the source of truth), their promtool unit tests, the
 * Compose scrape config and the Grafana dashboard, and the queries they hold.
 */
final class Monitoring {

    static final Path PROMETHEUS = Manifests.DEPLOY.resolve("prometheus");
    static final Path RULES = PROMETHEUS.resolve("streamtune-rules.yaml");
    static final Path RULE_TESTS = PROMETHEUS.resolve("tests");
    static final Path SCRAPE_CONFIG = PROMETHEUS.resolve("prometheus.yml");
    static final Path DASHBOARD = Manifests.DEPLOY.resolve("grafana").resolve("streamtune.json");
    /** What brings the Kubernetes copies of the rules and the dashboard in line with their sources. */
    static final String SYNC = "deploy/sync-monitoring";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Monitoring() {
    }

    /** The rule file's content: {@code groups}, as a PrometheusRule's {@code spec} holds them. */
    static JsonNode rules() {
        return Manifests.read(RULES).get(0);
    }

    /** Every alerting rule of every group. */
    static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : rules().path("groups")) {
            group.path("rules").forEach(rule -> {
                if (rule.has("alert")) {
                    alerts.add(rule);
                }
            });
        }
        return alerts;
    }

    /** The promtool unit test files, in name order. */
    static List<Path> ruleTests() {
        try (Stream<Path> files = Files.list(RULE_TESTS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode dashboard() {
        try {
            return JSON.readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + DASHBOARD + ": " + e.getMessage(), e);
        }
    }

    /** The PromQL of the dashboard: every panel's and annotation's {@code expr}. */
    static List<String> dashboardQueries() {
        List<String> queries = new ArrayList<>();
        dashboard().findValues("expr").forEach(expr -> queries.add(expr.asText()));
        return queries;
    }

    /** The dashboard's variable queries ({@code label_values(metric, label)}: not PromQL). */
    static List<String> dashboardVariableQueries() {
        List<String> queries = new ArrayList<>();
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("definition").asText());
            }
        }
        return queries;
    }
}
