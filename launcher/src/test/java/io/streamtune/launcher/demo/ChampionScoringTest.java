package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.launcher.demo.ChampionHistory.Outcome;
import io.streamtune.launcher.demo.RunRecord.PromotionPoint;
import io.streamtune.model.LabeledText;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChampionScoringTest {

    private static final List<PromotionPoint> PROMOTIONS = List.of(
            new PromotionPoint(60, "spam/000000000004-aaaaaaaa", 0.9, 0.9, "PROMOTION"),
            new PromotionPoint(120, "spam/000000000008-bbbbbbbb", 0.9, 0.9, "PROMOTION"),
            new PromotionPoint(180, "spam/000000000012-cccccccc", 0.9, 0.9, "PROMOTION"),
            new PromotionPoint(240, "spam/000000000004-aaaaaaaa", 0.9, 0.9, "ROLLBACK"));

    @TempDir
    Path dir;

    @Test
    void shouldRecordGoneDamagedAndUnlocatedCheckpointsAsMissingWithTheReasonAndGoOn() throws Exception {
        CheckpointStore store = new DirectoryCheckpointStore(dir);
        // The second checkpoint is committed, but its metadata is not a checkpoint's.
        String damaged = PROMOTIONS.get(1).modelVersion();
        try (CheckpointStore.PendingCheckpoint pending = store.begin(damaged)) {
            try (OutputStream metadata = pending.create(Checkpoints.METADATA)) {
                metadata.write("not json".getBytes(StandardCharsets.UTF_8));
            }
            pending.commit();
        }
        Map<String, String> locations = new HashMap<>();
        locations.put(PROMOTIONS.get(0).modelVersion(), PROMOTIONS.get(0).modelVersion());
        locations.put(damaged, damaged);
        List<String> progress = new ArrayList<>();
        ChampionScoring scoring = new ChampionScoring(
                new HeldOut(List.of(new LabeledText("hello", "ham")), "cpu"), store, progress::add);

        Map<String, Outcome> outcomes = scoring.score(PROMOTIONS, locations);

        assertThat(outcomes).containsOnlyKeys(PROMOTIONS.get(0).modelVersion(), damaged,
                PROMOTIONS.get(2).modelVersion());
        assertThat(outcomes.get(PROMOTIONS.get(0).modelVersion()).missing())
                .isEqualTo("checkpoint spam/000000000004-aaaaaaaa is no longer in the store");
        assertThat(outcomes.get(damaged).missing()).startsWith("cannot load checkpoint " + damaged);
        assertThat(outcomes.get(PROMOTIONS.get(2).modelVersion()).missing())
                .isEqualTo("its promotion named no checkpoint location");
        // One line per version, the rollback's version scored once.
        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).startsWith("held-out champion 1/3 spam/000000000004-aaaaaaaa: MISSING (");
    }
}
