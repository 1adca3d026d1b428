package io.streamtune.launcher.demo;

import io.streamtune.launcher.demo.ChampionHistory.Outcome;
import io.streamtune.launcher.demo.RunRecord.HeldOutScore;
import io.streamtune.launcher.demo.RunRecord.PromotionPoint;
import io.streamtune.model.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scores every promoted checkpoint of a run on the held-out part, in promotion order, each version once (a rollback
 * to an earlier champion reuses its score). A checkpoint that is gone or cannot be loaded is recorded as missing,
 * with the reason: the end of a demo never fails on it.
 */
final class ChampionScoring {

    private final HeldOut heldOut;
    private final CheckpointStore store;
    private final Consumer<String> progress;

    /**
     * @param heldOut  the held-out emails, shared by every checkpoint scored
     * @param store    the run's checkpoint store
     * @param progress one line per checkpoint, as it is scored
     */
    ChampionScoring(HeldOut heldOut, CheckpointStore store, Consumer<String> progress) {
        this.heldOut = heldOut;
        this.store = store;
        this.progress = progress;
    }

    /**
     * @param promotions the run's promotion events, in order
     * @param locations  each promoted version's location in the store
     * @return each promoted version's outcome, by version, in promotion order
     */
    Map<String, Outcome> score(List<PromotionPoint> promotions, Map<String, String> locations) {
        List<String> versions = promotions.stream().map(PromotionPoint::modelVersion).distinct().toList();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            String version = versions.get(i);
            long started = System.nanoTime();
            Outcome outcome = scoreOne(version, locations.get(version));
            outcomes.put(version, outcome);
            HeldOutScore score = outcome.score();
            progress.accept(String.format("held-out champion %d/%d %s: %s", i + 1, versions.size(), version,
                    score == null ? "MISSING (" + outcome.missing() + ")"
                            : String.format("accuracy %.4f, macro-F1 %.4f on %,d emails (%.0f s)", score.accuracy(),
                                    score.macroF1(), score.examples(), (System.nanoTime() - started) / 1e9)));
        }
        return outcomes;
    }

    private Outcome scoreOne(String version, String location) {
        if (location == null) {
            return Outcome.missing("its promotion named no checkpoint location");
        }
        try {
            if (!store.exists(location)) {
                return Outcome.missing("checkpoint " + location + " is no longer in the store");
            }
            return Outcome.scored(heldOut.champion(store, location, version));
        } catch (IOException | UncheckedIOException e) {
            return Outcome.missing("cannot load checkpoint " + location + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A damaged or incompatible checkpoint (the engine reports those unchecked): one row, not the run.
            return Outcome.missing("cannot score checkpoint " + location + ": " + e);
        }
    }
}
