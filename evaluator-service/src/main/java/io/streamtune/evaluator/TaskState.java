package io.streamtune.evaluator;

import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the evaluator knows per task, rebuilt from the topics on every start: the validation set (from
 * {@code examples.validation}) and the champion (the newest record of the compacted {@code promotions} topic).
 * Not thread-safe: the service loop owns it.
 */
final class TaskState {

    private final int anchorSize;
    private final int recentSize;
    private final Map<String, ValidationSet> validation = new HashMap<>();
    private final Map<String, PromotionEvent> champions = new HashMap<>();

    TaskState(int anchorSize, int recentSize) {
        this.anchorSize = anchorSize;
        this.recentSize = recentSize;
    }

    /**
     * Adds a validation example to its task's set; returns false when it is unusable (no task, text or label) or
     * already held.
     */
    boolean addValidation(LabeledExample example) {
        if (example.getTask() == null || example.getText() == null || example.getLabel() == null) {
            return false;
        }
        return validationSet(example.getTask()).add(example);
    }

    /** The task's validation set, empty until its first example arrives. */
    ValidationSet validationSet(String task) {
        return validation.computeIfAbsent(task, t -> new ValidationSet(anchorSize, recentSize));
    }

    /** Records a promotion or rollback: in topic order the last one wins, as for a downstream subscriber. */
    void promoted(PromotionEvent promotion) {
        champions.put(promotion.getTask(), promotion);
    }

    /** The task's champion, or {@code null} while the base model is. */
    PromotionEvent champion(String task) {
        return champions.get(task);
    }

    Set<String> tasks() {
        return validation.keySet();
    }
}
