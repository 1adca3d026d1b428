package io.streamtune.serving;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The champions of tasks, ready to answer: what the HTTP server and the Kafka inference path serve from. An answer
 * always comes from one whole, verified model, and names it; a swap to a newer champion never mixes versions within
 * one call.
 */
public interface Champions {

    /** Tasks that have a loaded champion now. */
    Set<String> tasks();

    /** The champion answering for {@code task} now, if any. */
    Optional<ChampionInfo> champion(String task);

    /**
     * Scores the texts with {@code task}'s champion, one prediction per text in order, all from the same version.
     *
     * @throws NoChampionException when the task has no loaded champion
     */
    List<Prediction> predict(String task, List<String> texts);
}
