package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the alert rules and the dashboard read is one the code exports (or one of the few that come from
 * outside Streamtune): a renamed meter fails here, not silently in
 * production with an alert that can never fire.
 */
class MonitoringMetricNamesTest {

    private static final Path ROOT = Manifests.DEPLOY.getParent();

    @Test
    void shouldUseOnlyMetricNamesTheServicesExport() {
        ExportedMetricNames.Scan scan = ExportedMetricNames.scan(ROOT);
        Set<String> known = new HashSet<>(ExportedMetricNames.prometheusNames(scan.meters()));
        known.addAll(ExportedMetricNames.kafkaConsumerNames());
        known.addAll(ExportedMetricNames.EXTERNAL.keySet());

        Set<String> unknown = new TreeSet<>(usedNames());
        unknown.removeAll(known);

        assertThat(unknown)
                .as("metric names no service exports (builder calls not resolved: " + scan.unresolved() + ")")
                .isEmpty();
    }

    @Test
    void shouldNameMetersBuiltFromAPrefixConstantAndTheirHistogramBuckets(@TempDir Path root) throws IOException {
        Path source = root.resolve("module/src/main/java/Meters.java");
        Files.createDirectories(source.getParent());
        Files.writeString(root.resolve("module/pom.xml"), "<project/>");
        Files.writeString(source, String.join("\n",
                "final class Meters {",
                "    static final String PREFIX = \"streamtune.serving.\";",
                "    void record() {",
                "        Counter.builder(PREFIX + \"champion.swaps\").register(registry).increment();",
                "        Timer.builder(PREFIX + \"predict\" + \".latency\").publishPercentileHistogram()",
                "                .register(registry);",
                "    }",
                "}"));

        Set<String> names = ExportedMetricNames.prometheusNames(ExportedMetricNames.scan(root).meters());

        assertThat(names).contains("streamtune_serving_champion_swaps_total",
                "streamtune_serving_predict_latency_seconds_bucket",
                "streamtune_serving_predict_latency_seconds_count");
    }

    @Test
    void shouldFindTheMetersOfEveryServiceInItsCode() {
        Set<String> exported = ExportedMetricNames.prometheusNames(ExportedMetricNames.scan(ROOT).meters());

        assertThat(exported).contains("streamtune_ingest_examples_received_total",
                "streamtune_trainer_checkpoint_duration_seconds_count", "streamtune_evaluator_champion_age_seconds");
        assertThat(ExportedMetricNames.kafkaConsumerNames()).contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void shouldDeployTheKafkaExporterTheLagMetricComesFrom() {
        JsonNode kafka = Manifests.ofKind(Manifests.kustomize(Manifests.K8S_BASE), "Kafka").get(0);

        assertThat(usedNames()).contains("kafka_consumergroup_lag");
        assertThat(kafka.path("spec").path("kafkaExporter").path("groupRegex").asText())
                .as("Kafka Exporter exports the lag of Streamtune's groups").isNotEmpty();
    }

    private static Set<String> usedNames() {
        Set<String> used = new TreeSet<>();
        for (JsonNode alert : Monitoring.alerts()) {
            used.addAll(PromQl.metricNames(alert.path("expr").asText()));
        }
        Monitoring.dashboardQueries().forEach(query -> used.addAll(PromQl.metricNames(query)));
        Monitoring.dashboardVariableQueries().forEach(query -> used.addAll(PromQl.variableMetricNames(query)));
        return used;
    }
}
