package io.streamtune.launcher.demo.report;

import static io.streamtune.launcher.demo.report.Html.countRow;
import static io.streamtune.launcher.demo.report.Html.escape;
import static io.streamtune.launcher.demo.report.Html.metric;
import static io.streamtune.launcher.demo.report.Html.row;
import static io.streamtune.launcher.demo.report.Html.seconds;

import io.streamtune.launcher.demo.RunRecord.HeldOutScore;
import io.streamtune.launcher.demo.RunRecord.ServingSummary;
import io.streamtune.launcher.demo.RunRecord.Summary;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary's cards of a finished run: records, held-out test set, champion at each promotion, freshness and
 * serving.
 */
final class SummaryCards {

    private static final List<String> PRODUCED_KINDS = List.of("good", "bad", "duplicate");

    private SummaryCards() {}

    static void write(StringBuilder html, Summary summary) {
        html.append("<div class=\"cards\">\n");
        counts(html, summary);
        heldOut(html, summary.heldOut());
        ChampionCard.write(html, summary);
        freshness(html, summary);
        serving(html, summary.serving());
        html.append("</div>\n");
    }

    private static void counts(StringBuilder html, Summary summary) {
        long produced = summary.produced().values().stream().mapToLong(Long::longValue).sum();
        long accountedFor = summary.accepted() + summary.deadLettered() + summary.duplicates();
        html.append("<div class=\"card\">\n<h3>Records</h3>\n<table class=\"counts\">\n<tbody>\n")
                .append("<tr class=\"group\"><th colspan=\"2\">produced</th></tr>\n");
        // The map has no order of its own: the replay's kinds in their usual order, any others after them.
        summary.produced().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Long> kind) -> kindRank(kind.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(kind -> countRow(html, kind.getKey(), kind.getValue()));
        countRow(html, "total", produced);
        html.append("<tr class=\"group\"><th colspan=\"2\">ingest</th></tr>\n");
        countRow(html, "accepted", summary.accepted());
        countRow(html, "dead-lettered", summary.deadLettered());
        countRow(html, "duplicates dropped", summary.duplicates());
        html.append("</tbody>\n</table>\n");
        if (produced == accountedFor) {
            html.append("<p class=\"check ok\">Balanced: every produced record was accepted, dead-lettered or "
                    + "dropped as a duplicate.</p>\n");
        } else {
            html.append("<p class=\"check off\">Not balanced: produced ").append(produced)
                    .append(", accepted + dead-lettered + duplicates ").append(accountedFor)
                    .append(" (difference ").append(produced - accountedFor).append(").</p>\n");
        }
        html.append("</div>\n");
    }

    private static int kindRank(String kind) {
        int rank = PRODUCED_KINDS.indexOf(kind);
        return rank < 0 ? PRODUCED_KINDS.size() : rank;
    }

    private static void heldOut(StringBuilder html, List<HeldOutScore> scores) {
        html.append("<div class=\"card wide\">\n<h3>Held-out test set</h3>\n");
        if (scores.isEmpty()) {
            html.append("<p class=\"note\">Not scored.</p>\n</div>\n");
            return;
        }
        Html.table(html, "held-out", List.of("model", "examples", "accuracy", "macro-F1"), scores, score -> List.of(
                escape(score.model()), String.valueOf(score.examples()), metric(score.accuracy()),
                metric(score.macroF1())));
        html.append("</div>\n");
    }

    private static void freshness(StringBuilder html, Summary summary) {
        html.append("<div class=\"card\">\n<h3>Freshness</h3>\n");
        if (Double.isFinite(summary.freshnessP50())) {
            html.append("<p>From production to the first evaluated checkpoint trained on it:</p>\n")
                    .append("<table class=\"counts\">\n<tbody>\n");
            row(html, "p50", seconds(summary.freshnessP50()));
            row(html, "p95", seconds(summary.freshnessP95()));
            row(html, "examples", String.valueOf(summary.freshExamples()));
            html.append("</tbody>\n</table>\n");
        } else {
            html.append("<p class=\"note\">Not measured: no trained example reached an evaluated checkpoint.</p>\n");
        }
        html.append("</div>\n");
    }

    private static void serving(StringBuilder html, ServingSummary serving) {
        html.append("<div class=\"card\">\n<h3>Serving</h3>\n");
        if (serving == null || serving.requests() == 0) {
            html.append("<p class=\"note\">Not measured: no request was answered or failed.</p>\n</div>\n");
            return;
        }
        html.append("<p>Held-out emails sent to <code>serve</code> as a downstream service would:</p>\n")
                .append("<table class=\"counts\">\n<tbody>\n");
        countRow(html, "requests", serving.requests());
        countRow(html, "failed", serving.failed());
        countRow(html, "before the first champion", serving.notReady());
        countRow(html, "emails answered", serving.answers());
        row(html, "live accuracy", metric(serving.accuracy()));
        countRow(html, "versions served", serving.versions());
        row(html, "latency p50 / p99", String.format(Locale.ROOT, "%.0f / %.0f ms", serving.latencyP50Ms(),
                serving.latencyP99Ms()));
        row(html, "freshness to serving p50", seconds(serving.freshnessP50()));
        row(html, "freshness to serving p95", seconds(serving.freshnessP95()));
        html.append("</tbody>\n</table>\n</div>\n");
    }
}
