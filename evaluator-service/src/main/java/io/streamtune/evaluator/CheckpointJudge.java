package io.streamtune.evaluator;

import io.streamtune.evaluator.drift.DriftWatch;
import io.streamtune.evaluator.gate.Gate;
import io.streamtune.evaluator.scoring.BaseModelFactory;
import io.streamtune.evaluator.scoring.TaskBaseModels;
import io.streamtune.schemas.CheckpointEvent;
import java.util.Objects;

/**
 * Judges one announced checkpoint of a followed task, without Kafka: the gate's verdict under the task's own
 * settings ({@link Evaluator}) and the drift signals the same scores show ({@link DriftWatch}), so the service
 * publishes both in one transaction. Not thread-safe: the service loop owns it.
 */
final class CheckpointJudge {

    /**
     * What one checkpoint led to.
     *
     * @param outcome the evaluation and, when the candidate won, its promotion
     * @param drift   the task's drift signals at this evaluation
     */
    record Judgement(Evaluator.Outcome outcome, DriftWatch.Assessment drift) {

        /** Nothing judged: the checkpoint could not be read or its task is not followed now. */
        static Judgement none(String task) {
            return new Judgement(null, DriftWatch.Assessment.none(task));
        }
    }

    private final Evaluator evaluator;
    private final TaskState state;
    private final TaskBaseModels baseModels;
    private final DriftWatch drift;

    CheckpointJudge(Evaluator evaluator, TaskState state, TaskBaseModels baseModels, DriftWatch drift) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.state = Objects.requireNonNull(state, "state");
        this.baseModels = Objects.requireNonNull(baseModels, "baseModels");
        this.drift = Objects.requireNonNull(drift, "drift");
    }

    /** Scores {@code candidate} against its task's champion on the task's validation set, with the task's gate. */
    Judgement judge(CheckpointEvent candidate) {
        String task = candidate.getTask();
        EvaluationSettings settings = state.settings(task);
        BaseModelFactory base = baseModels.of(settings.baseModel(), settings.baseModelTokenizer());
        Evaluator.Outcome outcome = evaluator.evaluate(candidate, state.champion(task), state.validationSet(task),
                new Gate(settings.gatePolicy()), base);
        DriftWatch.Assessment signals = drift.assess(task, candidate.getCheckpointId(),
                outcome.evaluation().getChampionCheckpointId(), outcome.champion(), state.validationSet(task),
                outcome.evaluation().getEvaluatedAt());
        return new Judgement(outcome, signals);
    }

    /** Records that the assessment's drift events were committed, so an unchanged level is not sent again. */
    void published(DriftWatch.Assessment signals) {
        drift.published(signals);
    }

    /** Drops what is cached or followed for a deleted task. */
    void forget(String task) {
        evaluator.forget(task);
        drift.forget(task);
    }
}
