package io.streamtune.evaluator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamtune.evaluator.drift.DriftSignal;
import io.streamtune.evaluator.drift.DriftSignalKind;
import io.streamtune.evaluator.gate.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The evaluator's meters: evaluations, promotions (by kind), rejections by reason code, evaluation time and the
 * champion's age per task; checkpoints skipped (task paused or deleted) and validation examples held; each task's
 * drift signals (PSI and level) and the drift events published. Tasks come and go (any task's checkpoints are
 * judged), so per-task meters are registered on first sight. Counts are per processing attempt: a checkpoint
 * re-processed after a crash is counted again, while the topics hold its decision once.
 */
public final class EvaluatorMetrics {

    public static final String EVALUATIONS = "streamtune.evaluator.evaluations";
    public static final String PROMOTIONS = "streamtune.evaluator.promotions";
    public static final String REJECTIONS = "streamtune.evaluator.rejections";
    public static final String EVALUATION_TIME = "streamtune.evaluator.evaluation.time";
    public static final String CHAMPION_AGE = "streamtune.evaluator.champion.age.seconds";
    public static final String UNDECODABLE = "streamtune.evaluator.checkpoints.undecodable";
    public static final String SKIPPED = "streamtune.evaluator.checkpoints.skipped";
    public static final String VALIDATION_EXAMPLES = "streamtune.evaluator.validation.examples";
    public static final String DRIFT_PSI = "streamtune.evaluator.drift.psi";
    public static final String DRIFT_LEVEL = "streamtune.evaluator.drift.level";
    public static final String DRIFT_EVENTS = "streamtune.evaluator.drift.events";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter undecodable;
    private final AtomicInteger validationExamples = new AtomicInteger();
    /** The newest value of each task's drift signals, by task and signal. */
    private final Map<String, Map<DriftSignalKind, DriftSignal>> drift = new ConcurrentHashMap<>();
    /** When each task's champion was promoted; absent while the base model is the champion. */
    private final Map<String, Instant> championSince = new ConcurrentHashMap<>();

    public EvaluatorMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.undecodable = Counter.builder(UNDECODABLE)
                .description("Checkpoint records that could not be decoded and were skipped").register(registry);
        Gauge.builder(VALIDATION_EXAMPLES, validationExamples, AtomicInteger::get)
                .description("Validation examples held in memory, all tasks together").register(registry);
    }

    /**
     * Records one decision and how long it took.
     *
     * @param unavailable why the candidate could not be scored (e.g. {@code LOCATION_OUTSIDE_STORE}), or {@code null}
     */
    void evaluated(String task, Decision decision, String unavailable, Duration took) {
        Counter.builder(EVALUATIONS).tag("task", task).description("Checkpoints evaluated").register(registry)
                .increment();
        Timer.builder(EVALUATION_TIME).tag("task", task).description("Time to score and judge one checkpoint")
                .register(registry).record(took);
        if (!decision.promoted()) {
            Counter.builder(REJECTIONS).tag("task", task).tag("reason", decision.code().name())
                    .tag("unavailable", unavailable == null ? "none" : unavailable)
                    .description("Candidates rejected, by reason code (and why an unscorable candidate was)")
                    .register(registry).increment();
        }
    }

    /** Records a published promotion or rollback. */
    void promoted(String task, String kind) {
        Counter.builder(PROMOTIONS).tag("task", task).tag("kind", kind)
                .description("Promotion events published by this evaluator").register(registry).increment();
    }

    /** Notes the task's current champion, from the promotions topic or from this evaluator's own decision. */
    void championIs(String task, Instant promotedAt) {
        if (championSince.put(task, promotedAt) == null) {
            Gauge.builder(CHAMPION_AGE, championSince, since -> ageSeconds(since.get(task)))
                    .tag("task", task).description("Seconds since the task's champion was promoted")
                    .register(registry);
        }
    }

    void undecodable() {
        undecodable.increment();
    }

    /** Records a checkpoint whose task is paused or deleted: its offset is committed, nothing published. */
    void skipped(String task, TaskState.SkipReason reason) {
        Counter.builder(SKIPPED).tag("task", task).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .description("Checkpoints not evaluated because their task is paused or deleted")
                .register(registry).increment();
    }

    /** Notes how many validation examples the evaluator holds now. */
    void validationExamples(int held) {
        validationExamples.set(held);
    }

    /**
     * Notes a task's drift signals computed at an evaluation ({@code psi} and {@code level} gauges, per task and
     * signal, registered on a signal's first value) and counts the events published for those that changed.
     */
    void drift(String task, List<DriftSignal> signals, List<DriftSignal> published) {
        Map<DriftSignalKind, DriftSignal> current = drift.computeIfAbsent(task, t -> new ConcurrentHashMap<>());
        for (DriftSignal signal : signals) {
            if (current.put(signal.kind(), signal) == null) {
                String tag = signal.kind().tag();
                Gauge.builder(DRIFT_PSI, current, values -> values.get(signal.kind()).psi())
                        .tag("task", task).tag("signal", tag)
                        .description("Population stability index of the task's drift signal at its last evaluation")
                        .register(registry);
                Gauge.builder(DRIFT_LEVEL, current, values -> values.get(signal.kind()).level().ordinal())
                        .tag("task", task).tag("signal", tag)
                        .description("Level of the task's drift signal at its last evaluation: 0 NONE, 1 WATCH, "
                                + "2 DRIFT").register(registry);
            }
        }
        for (DriftSignal signal : published) {
            Counter.builder(DRIFT_EVENTS).tag("task", task).tag("signal", signal.kind().tag())
                    .tag("level", signal.level().name()).description("Drift events published (level changes)")
                    .register(registry).increment();
        }
    }

    private double ageSeconds(Instant since) {
        return since == null ? Double.NaN : Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }
}
