package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboard: shipped unchanged to Kubernetes, every query valid PromQL, every signal ops watch shown. */
class GrafanaDashboardTest {

    /** One metric per signal the dashboard must show: lag, dead letters, training, champion, disk, health. */
    private static final Set<String> SIGNALS = Set.of("kafka_consumergroup_lag",
            "kafka_consumer_fetch_manager_records_lag_max", "streamtune_ingest_examples_dead_lettered_total",
            "streamtune_trainer_examples_trained_total", "streamtune_trainer_train_loss",
            "streamtune_evaluator_champion_age_seconds", "streamtune_evaluator_promotions_total",
            "streamtune_trainer_checkpoint_store_bytes", "streamtune_service_ready", "up");

    @TempDir
    Path dir;

    @Test
    void shouldShipTheDashboardUnchangedAsAConfigMapGrafanaLoads() throws Exception {
        JsonNode configMap = Manifests.find(Manifests.kustomize(Manifests.K8S_BASE), "ConfigMap",
                "streamtune-grafana-dashboard");

        assertThat(configMap).as("ConfigMap streamtune-grafana-dashboard in k8s/base").isNotNull();
        assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        JsonNode shipped = new ObjectMapper().readTree(configMap.path("data").path("streamtune.json").asText());
        assertThat(shipped.equals(Monitoring.dashboard()))
                .as("k8s/base/grafana-dashboard.yaml holds " + Monitoring.DASHBOARD + ": run " + Monitoring.SYNC)
                .isTrue();
    }

    @Test
    void shouldHoldOnlyQueriesPromtoolParses() throws Exception {
        Promtool.assumeInstalled();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> queries = Monitoring.dashboardQueries();
        for (int i = 0; i < queries.size(); i++) {
            // Grafana replaces $task before Prometheus sees the query; any regular expression will do here.
            String query = queries.get(i).replace("$task", ".*");
            rules.append("      - record: dashboard:query_").append(i).append('\n')
                    .append("        expr: '").append(query.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("dashboard-queries.yaml"), rules);

        assertThat(queries).isNotEmpty();
        Promtool.succeed("check", "rules", file.toString());
    }

    @Test
    void shouldShowEverySignalOpsWatch() {
        Set<String> shown = new TreeSet<>();
        Monitoring.dashboardQueries().forEach(query -> shown.addAll(PromQl.metricNames(query)));

        assertThat(shown).containsAll(SIGNALS);
    }

    @Test
    void shouldQueryTheTemplatedPrometheusFromEveryPanel() {
        for (JsonNode panel : Monitoring.dashboard().path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title + " targets").isNotEmpty();
            panel.path("targets").forEach(target -> assertThat(target.path("expr").asText()).as(title).isNotBlank());
        }
    }
}
