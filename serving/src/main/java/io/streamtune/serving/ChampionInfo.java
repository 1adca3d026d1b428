package io.streamtune.serving;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The champion a task is being served by: which checkpoint, its labels, the validation metrics that promoted it, and
 * when it was promoted and loaded.
 *
 * @param task         the task
 * @param modelVersion checkpoint id of the champion
 * @param contentHash  the checkpoint's content hash, verified when it was loaded
 * @param labels       the task's labels, in the order of {@link Prediction#probabilities()}
 * @param metrics      validation metrics of the promotion (empty for a rollback without re-evaluation)
 * @param kind         {@code PROMOTION} or {@code ROLLBACK}
 * @param promotedAt   when the promotion was decided
 * @param loadedAt     when this process started answering with it
 */
public record ChampionInfo(String task, String modelVersion, String contentHash, List<String> labels,
        Map<String, Double> metrics, String kind, Instant promotedAt, Instant loadedAt) {

    public ChampionInfo {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(modelVersion, "modelVersion");
        labels = List.copyOf(labels);
        metrics = Map.copyOf(metrics);
    }
}
