package io.streamtune.launcher.demo.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.launcher.demo.RunRecord;
import io.streamtune.launcher.demo.RunRecord.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final Pattern DATA =
            Pattern.compile("<script type=\"application/json\" id=\"run-data\">(.*?)</script>", Pattern.DOTALL);
    private static final List<String> PLOT_IDS =
            List.of("plot-loss", "plot-evaluations", "plot-promotions", "plot-lag", "plot-records");

    @Test
    void shouldShowTitleStartTimeAndHowTheRunEnded() {
        String html = HtmlReport.render(RunRecords.realistic());

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<title>Streamtune demo: SpamAssassin, all-MiniLM-L6-v2, 10 min at 8 ex/s</title>")
                .contains("Started 2026-11-27 13:00:00 UTC")
                .contains("ended: 10 minutes elapsed");
    }

    @Test
    void shouldSayTheCountsBalanceWhenEveryProducedRecordIsAccountedFor() {
        String html = HtmlReport.render(RunRecords.realistic());

        // 4720 produced: 4414 accepted, 188 dead-lettered, 118 duplicates.
        assertThat(html).containsSubsequence("<th colspan=\"2\">produced</th>",
                        "<th scope=\"row\">good</th><td class=\"num\">4414</td>",
                        "<th scope=\"row\">bad</th><td class=\"num\">188</td>",
                        "<th scope=\"row\">duplicate</th><td class=\"num\">118</td>",
                        "<th scope=\"row\">total</th><td class=\"num\">4720</td>",
                        "<th colspan=\"2\">ingest</th>",
                        "<th scope=\"row\">accepted</th><td class=\"num\">4414</td>",
                        "<th scope=\"row\">dead-lettered</th><td class=\"num\">188</td>",
                        "<th scope=\"row\">duplicates dropped</th><td class=\"num\">118</td>")
                .contains("Balanced: every produced record was accepted, dead-lettered or dropped as a duplicate.")
                .doesNotContain("Not balanced");
    }

    @Test
    void shouldSayByHowMuchTheCountsDoNotBalance() {
        RunRecord record = RunRecords.realistic();
        Summary s = record.summary();
        Summary lost = new Summary(s.produced(), s.accepted() - 5, s.deadLettered(), s.duplicates(), s.heldOut(),
                s.freshnessP50(), s.freshnessP95(), s.freshExamples(), s.serving(), s.endedBecause(), s.champions(),
                s.loweredMacroF1(), s.loweredAccuracy());

        String html = HtmlReport.render(withSummary(record, lost));

        assertThat(html)
                .contains("Not balanced: produced 4720, accepted + dead-lettered + duplicates 4715 (difference 5).")
                .doesNotContain("Balanced:");
    }

    @Test
    void shouldListHeldOutScoresInTheRecordedOrder() {
        String html = HtmlReport.render(RunRecords.realistic());

        assertThat(html).containsSubsequence(
                "<td>champion ckpt-1</td><td>600</td><td>0.912</td><td>0.897</td>",
                "<td>base model, feature-extraction head</td><td>600</td><td>0.801</td><td>0.774</td>",
                "<td>offline reference</td><td>600</td><td>0.953</td><td>0.949</td>");
    }

    @Test
    void shouldShowFreshnessPercentilesWithTheirSampleSize() {
        String html = HtmlReport.render(RunRecords.realistic());

        assertThat(html).contains("<th scope=\"row\">p50</th><td class=\"num\">18.4 s</td>")
                .contains("<th scope=\"row\">p95</th><td class=\"num\">61.2 s</td>")
                .contains("<th scope=\"row\">examples</th><td class=\"num\">4123</td>");
    }

    @Test
    void shouldSayFreshnessWasNotMeasuredWhenNoExampleReachedAnEvaluation() {
        RunRecord record = RunRecords.realistic();
        Summary s = record.summary();
        Summary unmeasured = new Summary(s.produced(), s.accepted(), s.deadLettered(), s.duplicates(), s.heldOut(),
                Double.NaN, Double.NaN, 0, s.serving(), s.endedBecause(), s.champions(), s.loweredMacroF1(),
                s.loweredAccuracy());

        String html = HtmlReport.render(withSummary(record, unmeasured));

        assertThat(html).contains("Not measured: no trained example reached an evaluated checkpoint.")
                .doesNotContain("NaN");
    }

    @Test
    void shouldListPromotionsAndRollbacksWithTheirMetrics() {
        String html = HtmlReport.render(RunRecords.realistic());

        assertThat(html).containsSubsequence(
                "<td>1:12</td><td>PROMOTION</td><td><code>ckpt-1</code></td><td>0.740</td><td>0.700</td>",
                "<td>5:52</td><td>PROMOTION</td><td><code>ckpt-5</code></td><td>0.860</td><td>0.820</td>",
                "<td>8:20</td><td>ROLLBACK</td><td><code>ckpt-1</code></td><td>0.740</td><td>0.700</td>");
    }

    @Test
    void shouldShowAMetricThatCouldNotBeScoredAsADash() {
        String html = HtmlReport.render(RunRecords.realistic());

        // The third evaluation has no accuracy, and no champion existed before the first promotion.
        assertThat(html).contains("<td>3:30</td><td><code>ckpt-3</code></td><td>1500</td><td>–</td><td>0.760</td>")
                .contains("<td>1:10</td><td><code>ckpt-1</code></td><td>500</td><td>0.740</td><td>0.700</td>"
                        + "<td>–</td>")
                .doesNotContain("NaN");
    }

    @Test
    void shouldEscapeHostileStringsWhereTheyAreShownAsText() {
        String html = HtmlReport.render(RunRecords.realistic());

        assertThat(html).contains("<code>ckpt-&lt;/script&gt;-&lt;b&gt;bold&lt;/b&gt;</code>")
                .contains("macro-F1 +0.021 &lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                        + "&lt;!-- &amp; &quot;quoted&quot;")
                .doesNotContain("<b>bold")
                .doesNotContain("<script>alert")
                .doesNotContain("<!-- &");
    }

    @Test
    void shouldKeepHostileStringsInsideTheEmbeddedData() throws Exception {
        String html = HtmlReport.render(RunRecords.realistic());

        // Only the data block and the plotting script may end a script element.
        assertThat(Pattern.compile("</script", Pattern.CASE_INSENSITIVE).matcher(html).results().count())
                .isEqualTo(2);
        JsonNode data = embeddedData(html);
        assertThat(data.at("/evaluations/7/checkpointId").asText()).isEqualTo(RunRecords.HOSTILE_CHECKPOINT);
        assertThat(data.at("/evaluations/7/reason").asText()).isEqualTo(RunRecords.HOSTILE_REASON);
    }

    @Test
    void shouldEmbedEverySampleEvaluationAndPromotionForThePlots() throws Exception {
        JsonNode data = embeddedData(HtmlReport.render(RunRecords.realistic()));

        assertThat(data.get("samples")).hasSize(60);
        assertThat(data.get("evaluations")).hasSize(8);
        assertThat(data.get("promotions")).hasSize(3);
        assertThat(data.at("/samples/59/seconds").asDouble()).isEqualTo(590.0);
        assertThat(data.at("/samples/59/lagByGroup/streamtune-trainer").asLong()).isEqualTo(180);
        assertThat(data.at("/evaluations/4/promoted").asBoolean()).isTrue();
        assertThat(data.at("/promotions/2/kind").asText()).isEqualTo("ROLLBACK");
    }

    @Test
    void shouldWriteUnknownMetricsAsNullBecauseJsonHasNoNaN() throws Exception {
        String html = HtmlReport.render(RunRecords.realistic());
        JsonNode data = embeddedData(html);

        assertThat(data.at("/samples/0/trainLoss").isNull()).isTrue();
        assertThat(data.at("/samples/0/examplesPerSecond").isNull()).isTrue();
        assertThat(data.at("/samples/3/trainLoss").isNumber()).isTrue();
        assertThat(data.at("/evaluations/2/accuracy").isNull()).isTrue();
        assertThat(data.at("/evaluations/0/championMacroF1").isNull()).isTrue();
        assertThat(data.at("/evaluations/1/championMacroF1").asDouble()).isEqualTo(0.70);
        assertThat(ReportData.json(RunRecords.realistic())).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void shouldRenderARunThatHasObservedNothingYet() throws Exception {
        String html = HtmlReport.render(RunRecords.empty());

        assertThat(html).contains("still running")
                .contains("The run is still in progress: the summary is written when it ends.")
                .contains("No checkpoint was promoted.")
                .contains("No checkpoint was evaluated.");
        PLOT_IDS.forEach(id -> assertThat(html).contains("<figure id=\"" + id + "\" class=\"plot\">"));
        JsonNode data = embeddedData(html);
        assertThat(data.get("samples")).isEmpty();
        assertThat(data.get("evaluations")).isEmpty();
        assertThat(data.get("promotions")).isEmpty();
    }

    @Test
    void shouldEmbedEachPromotionsHeldOutScoreAndTheBaseModelForTheChampionPlot() throws Exception {
        JsonNode data = embeddedData(HtmlReport.render(RunRecords.realistic()));

        assertThat(data.get("champions")).hasSize(3);
        assertThat(data.at("/champions/1/modelVersion").asText()).isEqualTo("ckpt-5");
        assertThat(data.at("/champions/1/seconds").asDouble()).isEqualTo(352.0);
        assertThat(data.at("/champions/1/macroF1").asDouble()).isEqualTo(0.884);
        assertThat(data.at("/champions/1/macroF1Change").asDouble()).isEqualTo(-0.028);
        assertThat(data.at("/champions/0/macroF1Change").isNull()).as("the first replaced no model").isTrue();
        assertThat(data.at("/base/macroF1").asDouble()).isEqualTo(0.774);
    }

    @Test
    void shouldShowTheChampionCardWithItsPlotTableAndTheCountOfPromotionsThatLoweredTheScore() {
        String html = HtmlReport.render(RunRecords.realistic());

        assertThat(html).containsSubsequence("<h3>Champion on the held-out test set at each promotion</h3>",
                        "Promotions that lowered the held-out macro-F1: <strong>1</strong> of 2 (accuracy: 1).",
                        "<figure id=\"plot-champions\" class=\"plot\">",
                        "<td>1:12</td><td>PROMOTION</td><td><code>ckpt-1</code></td><td>500</td><td>0.931</td>"
                                + "<td>0.912</td><td>–</td><td>–</td>",
                        "<td>5:52</td><td>PROMOTION</td><td><code>ckpt-5</code></td><td>2500</td><td>0.905</td>"
                                + "<td>0.884</td><td>-0.026</td><td><strong class=\"lowered\">-0.028</strong></td>",
                        "<td>8:20</td><td>ROLLBACK</td><td><code>ckpt-1</code></td><td>500</td><td>0.931</td>"
                                + "<td>0.912</td><td>+0.026</td><td>+0.028</td>");
    }

    @Test
    void shouldSayWhyAPromotedCheckpointHasNoHeldOutScore() {
        List<RunRecord.ChampionScore> champions = List.of(new RunRecord.ChampionScore(72.0, "ckpt-1", "PROMOTION",
                500, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "checkpoint ckpt-1 is <gone>"));

        String html = HtmlReport.render(RunRecords.withChampions(RunRecords.realistic(), champions, 0, 0));

        assertThat(html).contains("<td>missing: checkpoint ckpt-1 is &lt;gone&gt;</td>")
                .contains("Promotions that lowered the held-out macro-F1: <strong>0</strong> of 0")
                .doesNotContain("NaN");
    }

    @Test
    void shouldShowTheGateTheRunUsed() {
        RunRecord record = RunRecords.realistic();
        RunRecord defaults = new RunRecord(record.title(), record.startedAt(), record.samples(),
                record.evaluations(), record.promotions(), record.served(), record.summary(),
                new RunRecord.GateSettings("macro_f1 >= champion + 0.001", true, 100));

        assertThat(HtmlReport.render(record)).contains("Gate: <code>macro_f1 &gt;= champion - 0.005; log_loss &lt; "
                + "champion</code> (--gate-rules) · judged from 120 validation examples");
        assertThat(HtmlReport.render(defaults)).contains("Gate: <code>macro_f1 &gt;= champion + 0.001</code> (the "
                + "evaluator's default) · judged from 100 validation examples");
    }

    @Test
    void shouldLeaveTheChampionPlotOutOfAReportOfARunInProgress() throws Exception {
        String html = HtmlReport.render(RunRecords.oneSample());

        assertThat(html).doesNotContain("<figure id=\"plot-champions\"");
        assertThat(embeddedData(html).get("champions")).isEmpty();
    }

    @Test
    void shouldReferenceNothingOutsideThePage() {
        String html = HtmlReport.render(RunRecords.realistic());

        assertThat(html).doesNotContainPattern("(?i)\\b(src|href)\\s*=")
                .doesNotContainPattern("(?i)@import|url\\(")
                .doesNotContainPattern("(?i)<link\\b");
    }

    @Test
    void shouldReplaceAnEarlierReportAndLeaveNoPartialFile(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.html");
        HtmlReport.write(RunRecords.empty(), report);

        HtmlReport.write(RunRecords.realistic(), report);

        assertThat(Files.readString(report)).isEqualTo(HtmlReport.render(RunRecords.realistic()));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(report);
        }
    }

    private static JsonNode embeddedData(String html) throws Exception {
        Matcher matcher = DATA.matcher(html);
        assertThat(matcher.find()).as("the page embeds its data").isTrue();
        return new ObjectMapper().readTree(matcher.group(1));
    }

    private static RunRecord withSummary(RunRecord record, Summary summary) {
        return new RunRecord(record.title(), record.startedAt(), record.samples(), record.evaluations(),
                record.promotions(), record.served(), summary, record.gate());
    }
}
