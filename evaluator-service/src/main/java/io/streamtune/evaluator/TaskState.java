package io.streamtune.evaluator;

import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.tasks.TaskChange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the evaluator knows per task: its evaluation settings and state (from the {@code tasks} topic, through the
 * task catalog), its validation set (rebuilt from {@code examples.validation}) and its champion (the newest record
 * of the compacted {@code promotions} topic). Not thread-safe: the service loop owns it.
 *
 * <p>A task never seen on the tasks topic (a fixed deployment whose tasks live in the trainer's static config) is
 * evaluated with the evaluator's defaults, as before tasks were data. A deleted task's checkpoints are skipped and its
 * validation set is dropped, and its validation examples are ignored until a task of that name is created again; its
 * champion is kept, as the {@code promotions} topic keeps it (a restart would read it back).
 */
final class TaskState {

    /** Why a task's checkpoints are not evaluated now. */
    enum SkipReason {
        /** The task's spec is PAUSED: its checkpoints are skipped (offset committed, nothing published). */
        PAUSED,
        /** The task was deleted from the tasks topic. */
        DELETED
    }

    private final EvaluationSettings defaults;
    private final Map<String, EvaluationSettings> settings = new HashMap<>();
    private final Set<String> paused = new HashSet<>();
    private final Set<String> deleted = new HashSet<>();
    private final Map<String, ValidationSet> validation = new HashMap<>();
    private final Map<String, PromotionEvent> champions = new HashMap<>();

    TaskState(EvaluationSettings defaults) {
        this.defaults = defaults;
    }

    /**
     * Follows one change of a task's spec: new settings apply from the task's next evaluation (its validation set is
     * resized now), a deletion drops the validation set.
     */
    void apply(TaskChange change) {
        String task = change.task();
        if (change.deleted()) {
            settings.remove(task);
            paused.remove(task);
            deleted.add(task);
            validation.remove(task);
            return;
        }
        deleted.remove(task);
        EvaluationSettings next = EvaluationSettings.of(change.current(), defaults);
        settings.put(task, next);
        // The schema's TaskState, not this class: PAUSED means ingested but neither trained nor evaluated.
        if (change.current().getState() == io.streamtune.schemas.TaskState.PAUSED) {
            paused.add(task);
        } else {
            paused.remove(task);
        }
        ValidationSet held = validation.get(task);
        if (held != null) {
            held.resize(next.anchorSize(), next.recentSize());
        }
    }

    /** Why {@code task}'s checkpoints are not evaluated now, or {@code null} when they are. */
    SkipReason skipReason(String task) {
        if (deleted.contains(task)) {
            return SkipReason.DELETED;
        }
        return paused.contains(task) ? SkipReason.PAUSED : null;
    }

    /** The task's evaluation settings: its spec's, or the defaults for a task never seen on the tasks topic. */
    EvaluationSettings settings(String task) {
        return settings.getOrDefault(task, defaults);
    }

    /**
     * Adds a validation example to its task's set; returns false when it is unusable (no task, text or label), of a
     * deleted task, or already held.
     */
    boolean addValidation(LabeledExample example) {
        if (example.getTask() == null || example.getText() == null || example.getLabel() == null
                || deleted.contains(example.getTask())) {
            return false;
        }
        return validationSet(example.getTask()).add(example);
    }

    /** The task's validation set, empty until its first example arrives. */
    ValidationSet validationSet(String task) {
        return validation.computeIfAbsent(task, t -> {
            EvaluationSettings sizes = settings(t);
            return new ValidationSet(sizes.anchorSize(), sizes.recentSize());
        });
    }

    /** Records a promotion or rollback: in topic order the last one wins, as for a downstream subscriber. */
    void promoted(PromotionEvent promotion) {
        champions.put(promotion.getTask(), promotion);
    }

    /** The task's champion, or {@code null} while the base model is. */
    PromotionEvent champion(String task) {
        return champions.get(task);
    }

    /** Tasks with a validation set held. */
    Set<String> tasks() {
        return validation.keySet();
    }

    /** Validation examples held, all tasks together. */
    int heldExamples() {
        return validation.values().stream().mapToInt(ValidationSet::size).sum();
    }
}
