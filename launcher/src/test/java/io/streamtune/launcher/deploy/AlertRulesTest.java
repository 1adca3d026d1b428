package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.evaluator.scoring.Unavailability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code deploy/prometheus}: valid for promtool, each alert shown firing and silent by the promtool
 * unit tests, shipped unchanged to Kubernetes, and selecting services by the job names both deployments give them.
 */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final Pattern UNAVAILABLE = Pattern.compile("unavailable=~?\"([^\"]*)\"");
    private static final Pattern JOB = Pattern.compile("\\bjob=~?\"([^\"]*)\"");

    @Test
    void shouldPassPromtoolChecksOfTheRulesAndTheComposeScrapeConfig() {
        Promtool.assumeInstalled();

        Promtool.succeed("check", "rules", Monitoring.RULES.toString());
        Promtool.succeed("check", "config", Monitoring.SCRAPE_CONFIG.toString());
    }

    @Test
    void shouldPassThePromtoolUnitTestsOfTheRules() {
        Promtool.assumeInstalled();
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        Monitoring.ruleTests().forEach(test -> args.add(test.toString()));

        Promtool.succeed(args.toArray(String[]::new));
    }

    @Test
    void shouldTestEveryAlertFiringAndStayingSilent() {
        Map<String, Set<String>> outcomes = new TreeMap<>();
        for (Path file : Monitoring.ruleTests()) {
            for (JsonNode test : Manifests.read(file).get(0).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    outcomes.computeIfAbsent(check.path("alertname").asText(), a -> new TreeSet<>())
                            .add(check.path("exp_alerts").isEmpty() ? "silent" : "fires");
                }
            }
        }
        for (JsonNode alert : Monitoring.alerts()) {
            assertThat(outcomes.get(alert.path("alert").asText()))
                    .as("promtool tests of " + alert.path("alert").asText() + " in " + Monitoring.RULE_TESTS)
                    .containsExactly("fires", "silent");
        }
    }

    @Test
    void shouldGiveEveryAlertADurationSeverityAndRunbook() {
        List<JsonNode> alerts = Monitoring.alerts();

        assertThat(alerts).isNotEmpty();
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("for").asText()).as(name + " for").matches("\\d+[smhd]");
            assertThat(alert.path("labels").path("severity").asText()).as(name + " severity").isIn(SEVERITIES);
            assertThat(alert.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(alert.path("annotations").path("description").asText().split("\\. ").length)
                    .as(name + " description: what it means and what to do, in sentences").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldShipTheRuleFileUnchangedAsThePrometheusRuleOfTheBase() {
        List<JsonNode> rules = Manifests.ofKind(Manifests.kustomize(Manifests.K8S_BASE), "PrometheusRule");

        assertThat(rules).as("PrometheusRule resources in k8s/base").hasSize(1);
        // A boolean: on a difference, the message says what to run instead of printing both rule sets.
        assertThat(rules.get(0).path("spec").equals(Monitoring.rules()))
                .as("k8s/base/alert-rules.yaml holds the rules of " + Monitoring.RULES + ": run " + Monitoring.SYNC)
                .isTrue();
    }

    @Test
    void shouldScrapeEachServiceUnderTheJobNameTheRulesSelect() {
        Map<String, String> composeTargets = new TreeMap<>();
        for (JsonNode job : Manifests.read(Monitoring.SCRAPE_CONFIG).get(0).path("scrape_configs")) {
            composeTargets.put(job.path("job_name").asText(),
                    job.path("static_configs").get(0).path("targets").get(0).asText());
        }
        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        List<String> jobMatchers = matched(JOB);

        for (ServiceKind service : ServiceKind.values()) {
            String job = "streamtune-" + service.component();
            JsonNode composeService = Manifests.composeServices("compose.yaml").get(service.component());
            String port = DeployFixture.setting(service,
                    ServiceKind.rawConfig(Manifests.composeEnvironment(composeService)),
                    service.endpoints().portKey());
            assertThat(composeTargets).as("prometheus.yml jobs").containsEntry(job, service.component() + ":" + port);
            JsonNode deployment = Manifests.find(resources, "Deployment", job);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            String jobLabel = DeployFixture.scrapingMonitor(resources, deployment, container)
                    .path("spec").path("jobLabel").asText();
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            assertThat(podLabels.path(jobLabel).asText())
                    .as(job + " pods' " + jobLabel + " (the PodMonitor's jobLabel)")
                    .isEqualTo(job);
            assertThat(jobMatchers).as("job matchers of the rules").anyMatch(job::matches);
        }
        for (String matcher : jobMatchers) {
            assertThat(ServiceKind.values()).as("services job=~\"" + matcher + "\" selects")
                    .anyMatch(service -> ("streamtune-" + service.component()).matches(matcher));
        }
    }

    @Test
    void shouldNameOnlyReasonsTheEvaluatorCountsUnscorableCheckpointsBy() {
        List<String> codes = new ArrayList<>();
        matched(UNAVAILABLE).forEach(matcher -> codes.addAll(List.of(matcher.split("\\|"))));

        assertThat(codes).isNotEmpty();
        for (String code : codes) {
            assertThatCode(() -> Unavailability.valueOf(code)).as("Unavailability." + code).doesNotThrowAnyException();
        }
    }

    /** What {@code pattern}'s group matches in the alerts' expressions, e.g. the values of one label's matchers. */
    private static List<String> matched(Pattern pattern) {
        List<String> values = new ArrayList<>();
        for (JsonNode alert : Monitoring.alerts()) {
            Matcher matcher = pattern.matcher(alert.path("expr").asText());
            while (matcher.find()) {
                values.add(matcher.group(1));
            }
        }
        return values;
    }
}
