package io.streamtune.launcher.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The end-of-run summary as terminal lines. */
public final class Summaries {

    private Summaries() {
    }

    /** One line comparing the champion with the base model on the held-out part, when both were scored. */
    static Optional<String> verdict(RunRecord.Summary summary) {
        Optional<RunRecord.HeldOutScore> champion = summary.heldOut().stream()
                .filter(score -> score.model().startsWith("champion")).findFirst();
        Optional<RunRecord.HeldOutScore> base = summary.heldOut().stream()
                .filter(score -> score.model().startsWith("base model")).findFirst();
        if (champion.isEmpty() || base.isEmpty()) {
            return Optional.empty();
        }
        double gain = champion.get().macroF1() - base.get().macroF1();
        return Optional.of(String.format("the fine-tuned champion %s the base model on held-out macro-F1 by %.4f",
                gain > 0 ? "beats" : "does NOT beat", Math.abs(gain)));
    }

    /** Good, bad, duplicate: the order the replay's kinds are declared in; unknown kinds last. */
    private static int kindOrder(String kind) {
        for (ReplayPlan.Kind known : ReplayPlan.Kind.values()) {
            if (known.name().equalsIgnoreCase(kind)) {
                return known.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * One line on the checkpoint store's disk use at the end of a run: retention keeps it bounded however long the
     * run, so this is the figure to compare with the model's size.
     */
    public static String checkpointStore(long bytes, int checkpoints) {
        return String.format("checkpoint store: %.1f MiB on disk in %d checkpoint(s) kept by retention",
                bytes / 1048576.0, checkpoints);
    }

    /** Prints the summary of a finished run, one line per call of {@code out}. */
    public static void print(RunRecord record, Consumer<String> out) {
        RunRecord.Summary s = record.summary();
        out.accept("");
        out.accept("== Summary: " + record.title());
        out.accept("ended: " + s.endedBecause());
        long sent = s.produced().values().stream().mapToLong(Long::longValue).sum();
        // Not received: ingest writes a record read off its canonical partition back to it and counts it as rerouted,
        // so it receives that example twice but accepts, dead-letters or drops it once.
        long accounted = s.accepted() + s.deadLettered() + s.duplicates();
        out.accept(String.format("records sent %,d (%s)", sent, s.produced().entrySet().stream()
                .sorted(Comparator.comparing(e -> kindOrder(e.getKey())))
                .map(e -> e.getKey() + " " + String.format("%,d", e.getValue()))
                .collect(Collectors.joining(", "))));
        out.accept(String.format("ingest      accepted %,d + dead-lettered %,d + duplicates %,d = %,d  %s",
                s.accepted(), s.deadLettered(), s.duplicates(), accounted,
                accounted == sent ? "(balances)" : "(DOES NOT BALANCE: " + (sent - accounted) + " unaccounted)"));
        out.accept(String.format("evaluations %d, promotions %d", record.evaluations().size(),
                record.promotions().size()));
        for (RunRecord.PromotionPoint p : record.promotions()) {
            out.accept(String.format("  %s  %-8s %s  validation accuracy %.4f, macro-F1 %.4f",
                    ProgressView.clock(p.seconds()), p.kind(), p.modelVersion(), p.accuracy(), p.macroF1()));
        }
        if (!s.heldOut().isEmpty()) {
            out.accept(String.format("held-out test part (never streamed)%s %9s %9s", " ".repeat(50), "accuracy",
                    "macro-F1"));
            for (RunRecord.HeldOutScore score : s.heldOut()) {
                out.accept(String.format("  %-83s %9.4f %9.4f  (%,d emails)", score.model(), score.accuracy(),
                        score.macroF1(), score.examples()));
            }
        }
        champions(s).forEach(out);
        verdict(s).ifPresent(out);
        out.accept(Double.isNaN(s.freshnessP50())
                ? "freshness: no training example reached an evaluated checkpoint"
                : String.format("freshness (production → first evaluated checkpoint trained on it): p50 %.0f s, "
                        + "p95 %.0f s over %,d training examples", s.freshnessP50(), s.freshnessP95(),
                        s.freshExamples()));
        serving(s.serving()).forEach(out);
    }

    /**
     * Each promotion's champion on the held-out part, and how many promotions lowered the held-out score; nothing
     * when no champion was scored.
     */
    static List<String> champions(RunRecord.Summary summary) {
        List<RunRecord.ChampionScore> champions = summary.champions();
        if (champions.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("champion at each promotion, on the held-out part%s %9s %9s %9s", " ".repeat(36),
                "accuracy", "macro-F1", "change"));
        for (RunRecord.ChampionScore c : champions) {
            String what = String.format("%s %-9s %s (%,d examples seen)", ProgressView.clock(c.seconds()), c.kind(),
                    c.modelVersion(), c.examplesSeen());
            lines.add(c.missing() != null ? String.format("  %-83s MISSING: %s", what, c.missing())
                    : String.format("  %-83s %9.4f %9.4f %9s", what, c.accuracy(), c.macroF1(),
                            Double.isNaN(c.macroF1Change()) ? "-" : String.format("%+.4f", c.macroF1Change())));
        }
        long judged = champions.stream().filter(c -> !Double.isNaN(c.macroF1Change())).count();
        lines.add(String.format("promotions that LOWERED the held-out score: %d of %d on macro-F1, %d on accuracy "
                + "(each against the champion before it; the first promotion replaced no model and is not "
                + "counted)", summary.loweredMacroF1(), judged, summary.loweredAccuracy()));
        return lines;
    }

    /** The served champion's figures: answers, their live accuracy, latency and freshness to serving. */
    static List<String> serving(RunRecord.ServingSummary serving) {
        if (serving == null) {
            return List.of("serving: not measured");
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("serving     %,d requests (%,d failed, %,d before any champion was loaded): %,d "
                + "held-out emails answered by %d model version(s), live accuracy %s, latency p50 %.0f ms, "
                + "p99 %.0f ms", serving.requests(), serving.failed(), serving.notReady(), serving.answers(),
                serving.versions(), Double.isNaN(serving.accuracy()) ? "-" : String.format("%.4f", serving.accuracy()),
                serving.latencyP50Ms(), serving.latencyP99Ms()));
        lines.add(Double.isNaN(serving.freshnessP50())
                ? "freshness to serving: no served answer came from a model trained on a streamed example"
                : String.format("freshness to serving (production → first answer by a model trained on it): p50 "
                        + "%.0f s, p95 %.0f s over %,d training examples", serving.freshnessP50(),
                        serving.freshnessP95(), serving.freshExamples()));
        return lines;
    }
}
