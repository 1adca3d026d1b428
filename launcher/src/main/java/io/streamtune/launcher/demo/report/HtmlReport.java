package io.streamtune.launcher.demo.report;

import io.streamtune.launcher.demo.RunRecord;
import io.streamtune.launcher.demo.RunRecord.EvaluationPoint;
import io.streamtune.launcher.demo.RunRecord.HeldOutScore;
import io.streamtune.launcher.demo.RunRecord.PromotionPoint;
import io.streamtune.launcher.demo.RunRecord.ServingSummary;
import io.streamtune.launcher.demo.RunRecord.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTML report of a demo run: one self-contained page (no network, no external scripts or fonts) that opens
 * from {@code file://}. Java writes the header and the summary tables; the plots are drawn in the browser as SVG by
 * a small inline script ({@code report.js}) from the run's data, which is embedded in the page as JSON.
 *
 * <p>Every string that comes from the run (checkpoint ids, gate reasons, titles) is escaped for HTML where it is
 * written as text, and inside the JSON {@code <}, {@code >} and {@code &} are written as unicode escapes, so that
 * not even {@code </script>} in a reason can end the data block early.
 *
 * <p>The body carries {@code data-rendered="ok"} once every plot is drawn; if the script fails, it is
 * {@code data-rendered="error"} and the error is shown above the summary.
 */
public final class HtmlReport {

    private static final String STYLE = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    private static final DateTimeFormatter STARTED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String MISSING = "–";
    private static final List<String> PRODUCED_KINDS = List.of("good", "bad", "duplicate");

    /** The plots, in page order; report.js draws into these figures by id. */
    private static final List<Plot> PLOTS = List.of(
            new Plot("plot-loss", "Training loss and examples trained"),
            new Plot("plot-evaluations", "Validation metrics per evaluated checkpoint"),
            new Plot("plot-promotions", "Promotions and rollbacks"),
            new Plot("plot-serving", "Served champion: live accuracy on held-out emails, each new version answering"),
            new Plot("plot-lag", "Consumer lag per group"),
            new Plot("plot-records", "Records produced, accepted, dead-lettered and dropped as duplicates"));

    private HtmlReport() {}

    /**
     * Writes the report, replacing any earlier one; the file is written beside its target and then moved into
     * place, so a browser refreshing a report of a run in progress never reads half a page.
     *
     * @param record   what the run observed
     * @param htmlFile where to write the page, e.g. {@code <run folder>/report.html}
     * @throws IOException when the file cannot be written
     */
    public static void write(RunRecord record, Path htmlFile) throws IOException {
        Path target = htmlFile.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.writeString(partial, render(record), StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The report as one HTML document.
     *
     * @param record what the run observed; a record without samples, evaluations or summary still renders
     * @return the page
     */
    public static String render(RunRecord record) {
        StringBuilder html = new StringBuilder(16_384 + 256 * record.samples().size());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Streamtune demo: ").append(escape(record.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n");
        header(html, record);
        html.append("<p id=\"render-error\" class=\"render-error\" hidden></p>\n");
        summary(html, record.summary());
        html.append("<section>\n<h2>Over time</h2>\n");
        PLOTS.forEach(plot -> html.append("<figure id=\"").append(plot.id()).append("\" class=\"plot\"><figcaption>")
                .append(escape(plot.caption())).append("</figcaption></figure>\n"));
        html.append("</section>\n");
        promotions(html, record.promotions());
        evaluations(html, record.evaluations());
        html.append("</main>\n<script type=\"application/json\" id=\"run-data\">").append(ReportData.json(record))
                .append("</script>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, RunRecord record) {
        Summary summary = record.summary();
        String ended = summary == null ? "still running" : "ended: " + summary.endedBecause();
        html.append("<header>\n<h1>Streamtune demo</h1>\n<p class=\"title\">").append(escape(record.title()))
                .append("</p>\n<p class=\"meta\">Started ").append(STARTED_AT.format(record.startedAt()))
                .append(" · ").append(escape(ended)).append("</p>\n</header>\n");
    }

    private static void summary(StringBuilder html, Summary summary) {
        html.append("<section>\n<h2>Summary</h2>\n");
        if (summary == null) {
            html.append("<p class=\"note\">The run is still in progress: the summary is written when it ends.</p>\n")
                    .append("</section>\n");
            return;
        }
        html.append("<div class=\"cards\">\n");
        counts(html, summary);
        heldOut(html, summary.heldOut());
        freshness(html, summary);
        serving(html, summary.serving());
        html.append("</div>\n</section>\n");
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

    private static void countRow(StringBuilder html, String label, long count) {
        row(html, label, String.valueOf(count));
    }

    /** A labelled figure; the value is already HTML. */
    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><th scope=\"row\">").append(escape(label)).append("</th><td class=\"num\">").append(value)
                .append("</td></tr>\n");
    }

    private static void heldOut(StringBuilder html, List<HeldOutScore> scores) {
        html.append("<div class=\"card wide\">\n<h3>Held-out test set</h3>\n");
        if (scores.isEmpty()) {
            html.append("<p class=\"note\">Not scored.</p>\n</div>\n");
            return;
        }
        table(html, "held-out", List.of("model", "examples", "accuracy", "macro-F1"), scores, score -> List.of(
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

    private static void promotions(StringBuilder html, List<PromotionPoint> promotions) {
        html.append("<section>\n<h2>Promotions</h2>\n");
        if (promotions.isEmpty()) {
            html.append("<p class=\"note\">No checkpoint was promoted.</p>\n");
        } else {
            table(html, "promotions", List.of("time", "event", "model version", "accuracy", "macro-F1"), promotions,
                    promotion -> List.of(clock(promotion.seconds()), escape(promotion.kind()),
                            code(promotion.modelVersion()), metric(promotion.accuracy()),
                            metric(promotion.macroF1())));
        }
        html.append("</section>\n");
    }

    private static void evaluations(StringBuilder html, List<EvaluationPoint> evaluations) {
        html.append("<section>\n<h2>Evaluated checkpoints</h2>\n");
        if (evaluations.isEmpty()) {
            html.append("<p class=\"note\">No checkpoint was evaluated.</p>\n</section>\n");
            return;
        }
        long promoted = evaluations.stream().filter(EvaluationPoint::promoted).count();
        html.append("<details>\n<summary>").append(evaluations.size()).append(" evaluated, ").append(promoted)
                .append(" promoted</summary>\n");
        table(html, "evaluations",
                List.of("time", "checkpoint", "examples seen", "accuracy", "macro-F1", "champion macro-F1",
                        "gate"),
                evaluations, evaluation -> List.of(clock(evaluation.seconds()),
                        code(evaluation.checkpointId()),
                        String.valueOf(evaluation.examplesSeen()), metric(evaluation.accuracy()),
                        metric(evaluation.macroF1()), metric(evaluation.championMacroF1()),
                        (evaluation.promoted() ? "<strong>promoted</strong>: " : "kept champion: ")
                                + escape(evaluation.reason())));
        html.append("</details>\n</section>\n");
    }

    /** A table whose cells are already HTML (escaped where they hold data). */
    private static <T> void table(StringBuilder html, String cssClass, List<String> headings, List<T> rows,
            Function<T, List<String>> cells) {
        html.append("<table class=\"").append(cssClass).append("\">\n<thead><tr>");
        headings.forEach(heading -> html.append("<th scope=\"col\">").append(escape(heading)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (T row : rows) {
            html.append("<tr>");
            cells.apply(row).forEach(cell -> html.append("<td>").append(cell).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** Escapes text for HTML element content and double-quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String code(String identifier) {
        return "<code>" + escape(identifier) + "</code>";
    }

    private static String metric(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : MISSING;
    }

    private static String seconds(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f s", value) : MISSING;
    }

    /** Seconds since the start as m:ss, the same form as the plots' time axes. */
    private static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return MISSING;
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + HtmlReport.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Plot(String id, String caption) {}
}
