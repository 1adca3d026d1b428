package io.streamtune.trainer.core;

import java.util.List;
import java.util.Set;

/**
 * What retention must not delete for one task, as store locations, learnt from the pipeline's topics.
 *
 * @param champion         the location the newest promotion names; {@code null} while the base model is champion
 * @param recentChampions  locations that were champion, most recent first (promotions and promoted evaluations);
 *     the current champion may be among them
 * @param pending          announced checkpoints the evaluator has not judged yet
 * @param resumeFrom       the newest committed checkpoint, the one training resumes from (keeps its optimizer state);
 *     {@code null} when none is committed
 */
public record ProtectedCheckpoints(String champion, List<String> recentChampions, Set<String> pending,
        String resumeFrom) {

    public ProtectedCheckpoints {
        recentChampions = List.copyOf(recentChampions);
        pending = Set.copyOf(pending);
    }

    /** Nothing promoted, nothing pending: only the newest checkpoints are kept. */
    public static ProtectedCheckpoints none(String resumeFrom) {
        return new ProtectedCheckpoints(null, List.of(), Set.of(), resumeFrom);
    }
}
