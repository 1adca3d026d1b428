package io.streamtune.launcher.demo.report;

import static io.streamtune.launcher.demo.report.Html.clock;
import static io.streamtune.launcher.demo.report.Html.code;
import static io.streamtune.launcher.demo.report.Html.escape;
import static io.streamtune.launcher.demo.report.Html.metric;

import io.streamtune.launcher.demo.RunRecord.EvaluationPoint;
import io.streamtune.launcher.demo.RunRecord.PromotionPoint;
import java.util.List;

/** The report's sections listing the run's promotion events and evaluated checkpoints. */
final class EventTables {

    private EventTables() {}

    static void promotions(StringBuilder html, List<PromotionPoint> promotions) {
        html.append("<section>\n<h2>Promotions</h2>\n");
        if (promotions.isEmpty()) {
            html.append("<p class=\"note\">No checkpoint was promoted.</p>\n");
        } else {
            Html.table(html, "promotions", List.of("time", "event", "model version", "accuracy", "macro-F1"),
                    promotions, promotion -> List.of(clock(promotion.seconds()), escape(promotion.kind()),
                            code(promotion.modelVersion()), metric(promotion.accuracy()),
                            metric(promotion.macroF1())));
        }
        html.append("</section>\n");
    }

    static void evaluations(StringBuilder html, List<EvaluationPoint> evaluations) {
        html.append("<section>\n<h2>Evaluated checkpoints</h2>\n");
        if (evaluations.isEmpty()) {
            html.append("<p class=\"note\">No checkpoint was evaluated.</p>\n</section>\n");
            return;
        }
        long promoted = evaluations.stream().filter(EvaluationPoint::promoted).count();
        html.append("<details>\n<summary>").append(evaluations.size()).append(" evaluated, ").append(promoted)
                .append(" promoted</summary>\n");
        Html.table(html, "evaluations",
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
}
