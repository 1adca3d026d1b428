package io.streamtune.launcher.demo.report;

import static io.streamtune.launcher.demo.report.Html.change;
import static io.streamtune.launcher.demo.report.Html.clock;
import static io.streamtune.launcher.demo.report.Html.code;
import static io.streamtune.launcher.demo.report.Html.escape;
import static io.streamtune.launcher.demo.report.Html.metric;

import io.streamtune.launcher.demo.RunRecord.ChampionScore;
import io.streamtune.launcher.demo.RunRecord.Summary;
import java.util.List;

/**
 * The card that says whether promotions helped: the champion's held-out score at each promotion, drawn by
 * {@code report.js} into {@link #PLOT_ID} (a step line over time, a mark per promotion, the base model's line for
 * reference), the count of promotions that lowered the score, and the table behind the plot.
 */
final class ChampionCard {

    /** The figure report.js draws the plot into. */
    static final String PLOT_ID = "plot-champions";

    private ChampionCard() {}

    static void write(StringBuilder html, Summary summary) {
        List<ChampionScore> champions = summary.champions();
        html.append("<div class=\"card full\" id=\"champions\">\n<h3>Champion on the held-out test set at each "
                + "promotion</h3>\n");
        if (champions.isEmpty()) {
            html.append("<p class=\"note\">Not scored: no promotion, or the run was stopped early.</p>\n</div>\n");
            return;
        }
        long judged = champions.stream().filter(c -> Double.isFinite(c.macroF1Change())).count();
        html.append("<p>Every promoted checkpoint, scored at the end on held-out emails that never entered the "
                + "stream. A change is against the champion before it; the first promotion replaced no model.</p>\n")
                .append("<p class=\"check ").append(summary.loweredMacroF1() == 0 ? "ok" : "off")
                .append("\" id=\"lowered\">Promotions that lowered the held-out macro-F1: <strong>")
                .append(summary.loweredMacroF1()).append("</strong> of ").append(judged)
                .append(" (accuracy: ").append(summary.loweredAccuracy()).append(").</p>\n")
                .append("<figure id=\"").append(PLOT_ID).append("\" class=\"plot\"><figcaption>Held-out score of "
                        + "the champion over time (a mark per promotion, ringed red where macro-F1 went down)"
                        + "</figcaption></figure>\n");
        Html.table(html, "champions", List.of("time", "event", "model version", "examples seen", "accuracy",
                "macro-F1", "change accuracy", "change macro-F1"), champions, c -> c.missing() != null
                ? List.of(clock(c.seconds()), escape(c.kind()), code(c.modelVersion()),
                        String.valueOf(c.examplesSeen()), "missing: " + escape(c.missing()), "", "", "")
                : List.of(clock(c.seconds()), escape(c.kind()), code(c.modelVersion()),
                        String.valueOf(c.examplesSeen()), metric(c.accuracy()), metric(c.macroF1()),
                        change(c.accuracyChange()), lowered(c.macroF1Change())));
        html.append("</div>\n");
    }

    private static String lowered(double change) {
        return change < 0 ? "<strong class=\"lowered\">" + change(change) + "</strong>" : change(change);
    }
}
