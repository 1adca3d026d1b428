package io.streamtune.launcher.demo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a demo run observed, in the order it happened: the source of the terminal summary and of the HTML
 * report. Times are seconds since {@link #startedAt()}; a metric not known at a sample is {@link Double#NaN}.
 *
 * @param title       one line saying what ran, e.g. {@code SpamAssassin, all-MiniLM-L6-v2, 10 min at 8 ex/s}
 * @param startedAt   when the replay started
 * @param samples     periodic snapshots of counters, training progress and lag
 * @param evaluations one per evaluated checkpoint, in order
 * @param promotions  one per promotion, in order
 * @param served      one per request the demo sent to the serve server, in order
 * @param summary     end-of-run figures; null while the run is in progress
 * @param gate        the evaluator's gate the run used; null in records written before it was recorded
 */
public record RunRecord(String title, Instant startedAt, List<Sample> samples, List<EvaluationPoint> evaluations,
        List<PromotionPoint> promotions, List<ServedPoint> served, Summary summary, GateSettings gate) {

    public RunRecord {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(startedAt, "startedAt");
        samples = List.copyOf(samples);
        evaluations = List.copyOf(evaluations);
        promotions = List.copyOf(promotions);
        served = List.copyOf(served);
    }

    /**
     * A snapshot taken every few seconds.
     *
     * @param seconds           since the start of the replay
     * @param produced          records the replay has sent (good, bad and duplicate)
     * @param accepted          examples the ingest service accepted
     * @param deadLettered      records the ingest service dead-lettered
     * @param duplicates        duplicates the ingest service dropped
     * @param shards            training shards emitted
     * @param examplesTrained   examples the trainer has trained on
     * @param trainLoss         the trainer's latest training loss, NaN before the first step
     * @param examplesPerSecond the trainer's recent training throughput, NaN when unknown
     * @param lagByGroup        consumer lag (records) per consumer group
     */
    public record Sample(double seconds, long produced, long accepted, long deadLettered, long duplicates,
            long shards, long examplesTrained, double trainLoss, double examplesPerSecond,
            Map<String, Long> lagByGroup) {

        public Sample {
            lagByGroup = Map.copyOf(lagByGroup);
        }
    }

    /**
     * One evaluated checkpoint.
     *
     * @param seconds         when the evaluation was published, since the start of the replay
     * @param checkpointId    the candidate
     * @param examplesSeen    examples the candidate was trained on in total
     * @param accuracy        candidate accuracy on the validation set (NaN when it could not be scored)
     * @param macroF1         candidate macro-F1 on the validation set (NaN when it could not be scored)
     * @param championMacroF1 the champion's macro-F1 on the same set, NaN when there was none
     * @param promoted        whether the gate promoted it
     * @param reason          the gate's readable reason
     */
    public record EvaluationPoint(double seconds, String checkpointId, long examplesSeen, double accuracy,
            double macroF1, double championMacroF1, boolean promoted, String reason) {}

    /**
     * One promotion event.
     *
     * @param seconds      when it was published, since the start of the replay
     * @param modelVersion the checkpoint that became champion
     * @param accuracy     its validation accuracy
     * @param macroF1      its validation macro-F1
     * @param kind         PROMOTION or ROLLBACK
     */
    public record PromotionPoint(double seconds, String modelVersion, double accuracy, double macroF1,
            String kind) {}

    /**
     * One request the demo sent to the serve server, as a downstream service would: held-out emails scored by the
     * champion being served.
     *
     * @param seconds      when it was sent, since the start of the replay
     * @param modelVersion the version that answered; null when the request failed
     * @param texts        emails in the request
     * @param correct      answers that matched the email's label
     * @param latencyMs    round trip
     */
    public record ServedPoint(double seconds, String modelVersion, int texts, int correct, double latencyMs) {}

    /**
     * What the served champion did during the run.
     *
     * @param requests      requests answered or failed (not counting those sent before any champion was loaded)
     * @param failed        requests that got neither an answer nor a "not ready yet"
     * @param notReady      requests answered "no champion loaded yet"
     * @param answers       emails answered
     * @param accuracy      share of answered emails whose label was right, NaN when none
     * @param versions      model versions that answered
     * @param freshnessP50  seconds from a training example's production to the first answer given by a model
     *                      trained on it, median; NaN when none
     * @param freshnessP95  the same, 95th percentile
     * @param freshExamples training examples that reached a served answer
     * @param latencyP50Ms  request round trip, median
     * @param latencyP99Ms  request round trip, 99th percentile
     */
    public record ServingSummary(long requests, long failed, long notReady, long answers, double accuracy,
            int versions, double freshnessP50, double freshnessP95, long freshExamples, double latencyP50Ms,
            double latencyP99Ms) {}

    /**
     * The evaluator's gate settings of a run, so that runs with different gates can be compared.
     *
     * @param rules                 the gate rules the evaluator applied
     * @param defaultRules          whether they are the evaluator's default (no {@code --gate-rules} given)
     * @param minValidationExamples validation examples the evaluator needed before judging
     */
    public record GateSettings(String rules, boolean defaultRules, int minValidationExamples) {

        public GateSettings {
            Objects.requireNonNull(rules, "rules");
        }
    }

    /**
     * One promotion event's champion scored on the held-out test part at the end of the run.
     *
     * @param seconds          when it was promoted, since the start of the replay
     * @param modelVersion     the checkpoint that became champion
     * @param kind             PROMOTION or ROLLBACK
     * @param examplesSeen     examples it was trained on in total; 0 when its checkpoint event was not seen
     * @param examples         held-out emails scored; 0 when missing
     * @param accuracy         held-out accuracy; NaN when missing
     * @param macroF1          held-out macro-F1; NaN when missing
     * @param accuracyChange   against the previous champion's held-out accuracy; NaN for the first promotion (the
     *                         pipeline served no model before it) and where either of the two is missing
     * @param macroF1Change    the same for macro-F1
     * @param missing          why it could not be scored (e.g. its checkpoint was deleted); null when scored
     */
    public record ChampionScore(double seconds, String modelVersion, String kind, long examplesSeen, int examples,
            double accuracy, double macroF1, double accuracyChange, double macroF1Change, String missing) {}

    /**
     * How one model did on the held-out test part, which never entered the stream.
     *
     * @param model    what was scored, e.g. {@code champion <id>} or {@code base model, feature-extraction head}
     * @param examples test examples scored
     */
    public record HeldOutScore(String model, int examples, double accuracy, double macroF1) {}

    /**
     * End-of-run figures.
     *
     * @param produced       records sent, by kind: {@code good}, {@code bad}, {@code duplicate}
     * @param accepted       accepted by ingest
     * @param deadLettered   dead-lettered by ingest
     * @param duplicates     dropped as duplicates by ingest
     * @param heldOut        champion first, then the base model, then the offline reference when known
     * @param freshnessP50   seconds from production to the first evaluated checkpoint trained on it, median;
     *                       NaN when no trained example was evaluated
     * @param freshnessP95   the same, 95th percentile
     * @param freshExamples  training examples that reached an evaluated checkpoint (the freshness sample size)
     * @param serving        what the served champion did; null when the run served nothing
     * @param endedBecause   e.g. {@code corpus replayed} or {@code 10 minutes elapsed}
     * @param champions      every promotion's champion on the held-out part, in promotion order; empty when not
     *                       scored
     * @param loweredMacroF1 promotions whose champion scored a lower held-out macro-F1 than the one before it
     * @param loweredAccuracy the same for held-out accuracy
     */
    public record Summary(Map<String, Long> produced, long accepted, long deadLettered, long duplicates,
            List<HeldOutScore> heldOut, double freshnessP50, double freshnessP95, long freshExamples,
            ServingSummary serving, String endedBecause, List<ChampionScore> champions, long loweredMacroF1,
            long loweredAccuracy) {

        public Summary {
            produced = Map.copyOf(produced);
            heldOut = List.copyOf(heldOut);
            // Absent from run.json files written before champions were scored one by one.
            champions = champions == null ? List.of() : List.copyOf(champions);
        }
    }
}
