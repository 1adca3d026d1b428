package io.streamtune.launcher.demo.report;

import io.streamtune.launcher.demo.RunRecord;
import io.streamtune.launcher.demo.RunRecord.ChampionScore;
import io.streamtune.launcher.demo.RunRecord.EvaluationPoint;
import io.streamtune.launcher.demo.RunRecord.GateSettings;
import io.streamtune.launcher.demo.RunRecord.HeldOutScore;
import io.streamtune.launcher.demo.RunRecord.PromotionPoint;
import io.streamtune.launcher.demo.RunRecord.Sample;
import io.streamtune.launcher.demo.RunRecord.ServedPoint;
import io.streamtune.launcher.demo.RunRecord.ServingSummary;
import io.streamtune.launcher.demo.RunRecord.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Run records for the report tests: one shaped like a ten-minute demo, and one that has seen nothing yet. */
final class RunRecords {

    static final Instant STARTED_AT = Instant.parse("2026-11-27T13:00:00Z");
    static final String HOSTILE_REASON = "macro-F1 +0.021 </script><script>alert('x')</script> <!-- & \"quoted\"";
    static final String HOSTILE_CHECKPOINT = "ckpt-</script>-<b>bold</b>";
    static final List<String> LAG_GROUPS = List.of("streamtune-evaluator", "streamtune-trainer");
    static final GateSettings GATE = new GateSettings("macro_f1 >= champion - 0.005; log_loss < champion", false, 120);
    /** The realistic run's promotions on the held-out part: ckpt-5 lowered both scores, the rollback raised them. */
    static final List<ChampionScore> CHAMPIONS = List.of(
            new ChampionScore(72.0, "ckpt-1", "PROMOTION", 500, 600, 0.931, 0.912, Double.NaN, Double.NaN, null),
            new ChampionScore(352.0, "ckpt-5", "PROMOTION", 2500, 600, 0.905, 0.884, -0.026, -0.028, null),
            new ChampionScore(500.0, "ckpt-1", "ROLLBACK", 500, 600, 0.931, 0.912, 0.026, 0.028, null));

    private RunRecords() {}

    /**
     * 60 samples ten seconds apart (the first three before any training step, so loss is NaN), 8 evaluations (the
     * third could not be scored for accuracy; the last has a hostile checkpoint id and reason), 3 promotion events
     * (the last a rollback) and lag for two consumer groups.
     */
    static RunRecord realistic() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long produced = 80L * i;
            long duplicates = produced / 40;
            long deadLettered = produced / 25;
            long accepted = produced - duplicates - deadLettered;
            double loss = i < 3 ? Double.NaN : 0.7 * Math.exp(-i / 20.0) + 0.05;
            samples.add(new Sample(10.0 * i, produced, accepted, deadLettered, duplicates, i / 4, accepted * 9 / 10,
                    loss, i < 3 ? Double.NaN : 42.0,
                    Map.of(LAG_GROUPS.get(0), (long) (i % 7) * 3, LAG_GROUPS.get(1), 100L + (i % 5) * 20)));
        }
        List<EvaluationPoint> evaluations = new ArrayList<>();
        double champion = Double.NaN;
        for (int i = 0; i < 8; i++) {
            boolean promoted = i == 0 || i == 4;
            double macroF1 = 0.70 + 0.03 * i;
            double accuracy = i == 2 ? Double.NaN : macroF1 + 0.04;
            boolean last = i == 7;
            evaluations.add(new EvaluationPoint(70.0 * (i + 1), last ? HOSTILE_CHECKPOINT : "ckpt-" + (i + 1),
                    500L * (i + 1), accuracy, macroF1, champion, promoted,
                    last ? HOSTILE_REASON : promoted ? "first candidate" : "not better than the champion"));
            if (promoted) {
                champion = macroF1;
            }
        }
        List<PromotionPoint> promotions = List.of(
                new PromotionPoint(72.0, "ckpt-1", 0.74, 0.70, "PROMOTION"),
                new PromotionPoint(352.0, "ckpt-5", 0.86, 0.82, "PROMOTION"),
                new PromotionPoint(500.0, "ckpt-1", 0.74, 0.70, "ROLLBACK"));
        Sample last = samples.get(samples.size() - 1);
        Summary summary = new Summary(
                Map.of("good", last.accepted(), "bad", last.deadLettered(), "duplicate", last.duplicates()),
                last.accepted(), last.deadLettered(), last.duplicates(),
                List.of(new HeldOutScore("champion ckpt-1", 600, 0.912, 0.897),
                        new HeldOutScore("base model, feature-extraction head", 600, 0.801, 0.774),
                        new HeldOutScore("offline reference", 600, 0.953, 0.949)),
                18.4, 61.2, 4123, new ServingSummary(520, 2, 70, 1036, 0.941, 3, 35.5, 80.25, 4000, 180, 950),
                "10 minutes elapsed", CHAMPIONS, 1, 1);
        return new RunRecord("SpamAssassin, all-MiniLM-L6-v2, 10 min at 8 ex/s", STARTED_AT, samples, evaluations,
                promotions, served(), summary, GATE);
    }

    /** {@code record} with other champions at each promotion, and counts of those that lowered the score. */
    static RunRecord withChampions(RunRecord record, List<ChampionScore> champions, long loweredMacroF1,
            long loweredAccuracy) {
        Summary s = record.summary();
        Summary summary = new Summary(s.produced(), s.accepted(), s.deadLettered(), s.duplicates(), s.heldOut(),
                s.freshnessP50(), s.freshnessP95(), s.freshExamples(), s.serving(), s.endedBecause(), champions,
                loweredMacroF1, loweredAccuracy);
        return new RunRecord(record.title(), record.startedAt(), record.samples(), record.evaluations(),
                record.promotions(), record.served(), summary, record.gate());
    }

    /**
     * A request a second from 70 s on: ckpt-1 answers until 352 s, then ckpt-5 until the rollback at 500 s, then
     * ckpt-1 again; every 50th request fails.
     */
    private static List<ServedPoint> served() {
        List<ServedPoint> served = new ArrayList<>();
        for (int second = 70; second < 600; second++) {
            String version = second % 50 == 0 ? null : second < 352 || second >= 500 ? "ckpt-1" : "ckpt-5";
            served.add(new ServedPoint(second, version, 2, version == null ? 0 : second % 7 == 0 ? 1 : 2, 150));
        }
        return served;
    }

    /** Samples every second for a long run; the records plot alone then has four values per sample. */
    static RunRecord longRun(int seconds) {
        List<Sample> samples = new ArrayList<>(seconds);
        for (int i = 0; i < seconds; i++) {
            samples.add(new Sample(i, 8L * i, 7L * i, i / 2, i / 2, i / 60, 7L * i, 0.5, 8.0,
                    Map.of(LAG_GROUPS.get(1), (long) i % 13)));
        }
        return new RunRecord(empty().title(), STARTED_AT, samples, List.of(), List.of(), List.of(), null, GATE);
    }

    /** A run one snapshot old: a single sample, with a training loss and lag for one group. */
    static RunRecord oneSample() {
        Sample first = new Sample(2.0, 16, 15, 1, 0, 0, 8, 0.69, 4.0, Map.of(LAG_GROUPS.get(1), 7L));
        return new RunRecord(empty().title(), STARTED_AT, List.of(first), List.of(), List.of(), List.of(), null, GATE);
    }

    /** A run that has just started: nothing observed, no summary. */
    static RunRecord empty() {
        return new RunRecord("SpamAssassin, all-MiniLM-L6-v2, 10 min at 8 ex/s", STARTED_AT, List.of(), List.of(),
                List.of(), List.of(), null, GATE);
    }
}
