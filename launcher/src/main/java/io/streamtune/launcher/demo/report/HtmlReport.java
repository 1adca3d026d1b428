package io.streamtune.launcher.demo.report;

import static io.streamtune.launcher.demo.report.Html.escape;

import io.streamtune.launcher.demo.RunRecord;
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
import java.util.List;
import java.util.Locale;

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
        EventTables.promotions(html, record.promotions());
        EventTables.evaluations(html, record.evaluations());
        html.append("</main>\n<script type=\"application/json\" id=\"run-data\">").append(ReportData.json(record))
                .append("</script>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, RunRecord record) {
        Summary summary = record.summary();
        String ended = summary == null ? "still running" : "ended: " + summary.endedBecause();
        html.append("<header>\n<h1>Streamtune demo</h1>\n<p class=\"title\">").append(escape(record.title()))
                .append("</p>\n<p class=\"meta\">Started ").append(STARTED_AT.format(record.startedAt()))
                .append(" · ").append(escape(ended)).append("</p>\n");
        RunRecord.GateSettings gate = record.gate();
        if (gate != null) {
            html.append("<p class=\"meta\" id=\"gate\">Gate: <code>").append(escape(gate.rules())).append("</code>")
                    .append(gate.defaultRules() ? " (the evaluator's default)" : " (--gate-rules)")
                    .append(" · judged from ").append(gate.minValidationExamples())
                    .append(" validation examples</p>\n");
        }
        html.append("</header>\n");
    }

    private static void summary(StringBuilder html, Summary summary) {
        html.append("<section>\n<h2>Summary</h2>\n");
        if (summary == null) {
            html.append("<p class=\"note\">The run is still in progress: the summary is written when it ends.</p>\n")
                    .append("</section>\n");
            return;
        }
        SummaryCards.write(html, summary);
        html.append("</section>\n");
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
