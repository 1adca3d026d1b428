package io.streamtune.trainer.core;

import static io.streamtune.trainer.TestShards.at;
import static io.streamtune.trainer.TestShards.shard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;
import io.streamtune.model.LabelMap;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.ShardLineage;
import io.streamtune.trainer.TestShards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSessionTest {

    private static final TaskSettings SETTINGS = TestShards.tinySettings("spam");
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldMixReplayIntoLaterShardsAndRunTheScheduleOnTheGlobalStep() {
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            ShardResult first = session.train(shard("spam", 0, 16), at(0, 0), NOW);
            ShardResult second = session.train(shard("spam", 1, 16), at(0, 1), NOW);

            assertThat(first.replayedExamples()).isZero();
            assertThat(second.replayedExamples()).isEqualTo(8); // ratio 0.5 of 16, the buffer holds 16
            assertThat(first.steps()).isEqualTo(2);            // 16 examples, batch 8
            assertThat(second.steps()).isEqualTo(3);           // 24 examples
            assertThat(second.globalStep()).isEqualTo(5);
            assertThat(session.globalStep()).isEqualTo(5);
            assertThat(session.examplesSeen()).isEqualTo(16 + 24);
            assertThat(second.learningRate()).isEqualTo(2e-3); // warmup of 2 steps is over
            assertThat(session.pendingShards()).extracting(ShardLineage::getShardId)
                    .containsExactly("spam-shard-0", "spam-shard-1");
            assertThat(session.firstPendingOffset()).isZero();
        }
    }

    @Test
    void shouldLearnTheTaskSoTheLossFalls() {
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            double firstLoss = session.train(shard("spam", 0, 32), at(0, 0), NOW).meanLoss();
            double lastLoss = firstLoss;
            for (int i = 1; i < 12; i++) {
                lastLoss = session.train(shard("spam", i, 32), at(0, i), NOW).meanLoss();
            }
            assertThat(lastLoss).isLessThan(firstLoss * 0.7);
        }
    }

    @Test
    void shouldContinueFromACheckpointExactlyAsIfItNeverStopped() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        Map<String, float[]> uninterrupted;
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            for (int i = 0; i < 5; i++) {
                session.train(shard("spam", i, 16), at(0, i), NOW);
            }
            uninterrupted = values(session.classifier().parameters());
        }

        CheckpointEvent event;
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            for (int i = 0; i < 3; i++) {
                session.train(shard("spam", i, 16), at(0, i), NOW);
            }
            event = session.writeCheckpoint(store, Map.of(), NOW);
            session.committed(event);
            assertThat(session.parentCheckpointId()).isEqualTo(event.getCheckpointId());
            assertThat(session.pendingShards()).isEmpty();
        }
        try (TaskSession resumed = TaskSession.resume(SETTINGS, store, event)) {
            assertThat(resumed.globalStep()).isEqualTo(event.getGlobalStep());
            assertThat(resumed.covers("shards", 0, 2)).isTrue();
            assertThat(resumed.covers("shards", 0, 3)).isFalse();
            for (int i = 3; i < 5; i++) {
                resumed.train(shard("spam", i, 16), at(0, i), NOW);
            }
            Map<String, float[]> after = values(resumed.classifier().parameters());
            assertThat(after.keySet()).isEqualTo(uninterrupted.keySet());
            uninterrupted.forEach((name, expected) -> assertThat(after.get(name)).as(name).isEqualTo(expected));
        }
    }

    @Test
    void shouldResumeWithTheTasksChangedSettingsFromTheNextStep() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        CheckpointEvent event = checkpointOfOneShard(store, 16);
        FineTuneConfig slower = new FineTuneConfig(SETTINGS.fineTune().mode(), SETTINGS.fineTune().topK(), 5e-4,
                SETTINGS.fineTune().weightDecay(), SETTINGS.fineTune().beta1(), SETTINGS.fineTune().beta2(),
                SETTINGS.fineTune().epsilon(), SETTINGS.fineTune().warmupSteps(), SETTINGS.fineTune().warmupRatio(),
                SETTINGS.fineTune().schedule(), SETTINGS.fineTune().totalSteps(), SETTINGS.fineTune().maxGradNorm(),
                4, SETTINGS.fineTune().evalBatchSize(), SETTINGS.fineTune().epochs(), SETTINGS.fineTune().patience(),
                SETTINGS.fineTune().minDelta(), SETTINGS.fineTune().metric(), SETTINGS.fineTune().seed());
        TaskSettings changed = settings(SETTINGS.labels(), SETTINGS.baseModel(), slower);

        try (TaskSession resumed = TaskSession.resume(changed, store, event)) {
            ShardResult next = resumed.train(shard("spam", 1, 16), at(0, 1), NOW);

            assertThat(next.learningRate()).isEqualTo(5e-4);
            assertThat(next.steps()).as("batches of 4 now: 16 new + 8 replayed").isEqualTo(6);
            assertThat(next.globalStep()).as("the step count goes on").isEqualTo(event.getGlobalStep() + 6);
        }
    }

    @Test
    void shouldTellACheckpointOfAnEarlierTaskOfTheSameNameWithOtherLabelsOrBase() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        CheckpointEvent event = checkpointOfOneShard(store, 8);
        TaskSettings otherLabels = settings(LabelMap.of("ok", "junk"), SETTINGS.baseModel(), SETTINGS.fineTune());
        TaskSettings otherBase = settings(SETTINGS.labels(), BaseModelSpec.parse("all-MiniLM-L6-v2"),
                SETTINGS.fineTune());

        assertThat(TaskCheckpoints.descendsFrom(SETTINGS, store, event)).isTrue();
        assertThat(TaskCheckpoints.descendsFrom(otherLabels, store, event)).isFalse();
        assertThat(TaskCheckpoints.descendsFrom(otherBase, store, event)).isFalse();
    }

    @Test
    void shouldAnnounceLineageHyperParametersAndTheStoredContentHash() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            session.train(shard("spam", 0, 16), at(2, 40), NOW);
            session.train(shard("spam", 1, 16), at(2, 44), NOW);
            CheckpointEvent event = session.writeCheckpoint(store, Map.of("checkpointEveryShards", "2"), NOW);

            assertThat(event.getTask()).isEqualTo("spam");
            assertThat(event.getParentCheckpointId()).isNull();
            assertThat(event.getBaseModel()).isEqualTo("tiny");
            assertThat(event.getShards()).extracting(s -> s.getShardOffset().getFirstOffset())
                    .containsExactly(40L, 44L);
            assertThat(event.getShards().get(1).getSourceRanges()).singleElement()
                    .satisfies(r -> assertThat(r.getFirstOffset()).isEqualTo(16L));
            assertThat(event.getShards()).extracting(ShardLineage::getExamples).containsExactly(16, 16);
            assertThat(event.getHyperParameters()).containsEntry("learningRate", "0.002")
                    .containsEntry("replayRatio", "0.5").containsEntry("checkpointEveryShards", "2");
            assertThat(event.getExamplesSeen()).isEqualTo(16 + 24);
            assertThat(event.getTrainLoss()).isPositive();
            assertThat(event.getLocation()).startsWith("spam/").isEqualTo(event.getCheckpointId());
            assertThat(event.getContentHash())
                    .isEqualTo(Checkpoints.readMetadata(store, event.getLocation()).contentHash());
        }
    }

    @Test
    void shouldRefuseACheckpointWhoseFilesDoNotMatchItsEvent() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        CheckpointEvent event;
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            session.train(shard("spam", 0, 8), at(0, 0), NOW);
            event = session.writeCheckpoint(store, Map.of(), NOW);
        }
        CheckpointEvent forged = CheckpointEvent.newBuilder(event).setContentHash("0".repeat(64)).build();
        assertThatThrownBy(() -> TaskSession.resume(SETTINGS, store, forged))
                .isInstanceOf(IOException.class).hasMessageContaining("content hash");

        Files.write(dir.resolve(event.getLocation()).resolve("replay.json"), new byte[] {'{', '}'});
        assertThatThrownBy(() -> TaskSession.resume(SETTINGS, store, event))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void shouldFindCheckpointsNoCommittedEventAnnounces() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            session.train(shard("spam", 0, 8), at(0, 0), NOW);
            CheckpointEvent committed = session.writeCheckpoint(store, Map.of(), NOW);
            session.committed(committed);
            session.train(shard("spam", 1, 8), at(0, 1), NOW);
            CheckpointEvent orphan = session.writeCheckpoint(store, Map.of(), NOW);

            assertThat(TaskCheckpoints.orphans(store, "spam", Set.of(committed.getLocation())))
                    .containsExactly(orphan.getLocation());
            assertThat(TaskCheckpoints.orphans(store, "other", Set.of())).isEmpty();
        }
    }

    @Test
    void shouldRefuseToCheckpointWithNothingPending() {
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            assertThatThrownBy(() -> session.writeCheckpoint(new DirectoryCheckpointStore(dir), Map.of(), NOW))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    /** A checkpoint of the base model trained on one shard of {@code size} examples. */
    @Test
    void shouldCheckpointTheSnapshotAndKeepShardsTrainedWhileItIsWrittenPendingForTheNext() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            for (int i = 0; i < 3; i++) {
                session.train(shard("spam", i, 16), at(0, i), NOW);
            }
            long stepAtSnapshot = session.globalStep();
            CheckpointDraft draft = session.snapshotCheckpoint(Map.of(), NOW);
            // Training goes on while the draft is written elsewhere.
            session.train(shard("spam", 3, 16), at(0, 3), NOW.plusSeconds(3));
            assertThat(session.shardsToCheckpoint()).isEqualTo(1);
            assertThat(session.firstPendingAt()).isEqualTo(NOW.plusSeconds(3));
            assertThatThrownBy(() -> session.snapshotCheckpoint(Map.of(), NOW))
                    .isInstanceOf(IllegalStateException.class);

            CheckpointEvent event = draft.write(store);
            session.committed(event);

            assertThat(event.getGlobalStep()).isEqualTo(stepAtSnapshot).isLessThan(session.globalStep());
            assertThat(event.getShards()).extracting(ShardLineage::getShardId)
                    .containsExactly("spam-shard-0", "spam-shard-1", "spam-shard-2");
            assertThat(session.pendingShards()).extracting(ShardLineage::getShardId).containsExactly("spam-shard-3");
            assertThat(session.firstPendingOffset()).isEqualTo(3);
            assertThat(session.parentCheckpointId()).isEqualTo(event.getCheckpointId());
            // The checkpoint is the model as of the snapshot: resumed and given shard 3, it is the live model.
            try (TaskSession resumed = TaskSession.resume(SETTINGS, store, event)) {
                resumed.train(shard("spam", 3, 16), at(0, 3), NOW);
                Map<String, float[]> live = values(session.classifier().parameters());
                Map<String, float[]> after = values(resumed.classifier().parameters());
                live.forEach((name, expected) -> assertThat(after.get(name)).as(name).isEqualTo(expected));
            }
        }
    }

    private static CheckpointEvent checkpointOfOneShard(DirectoryCheckpointStore store, int size) throws IOException {
        try (TaskSession session = TaskSession.fromBase(SETTINGS)) {
            session.train(shard("spam", 0, size), at(0, 0), NOW);
            return session.writeCheckpoint(store, Map.of(), NOW);
        }
    }

    /** {@link #SETTINGS} with other labels, base model and fine-tuning settings. */
    private static TaskSettings settings(LabelMap labels, BaseModelSpec base, FineTuneConfig fineTune) {
        return new TaskSettings("spam", labels, base, SETTINGS.modelOptions(), fineTune, SETTINGS.replayCapacity(),
                SETTINGS.replayRatio(), SETTINGS.plateauPatience(), SETTINGS.plateauMinDelta(),
                SETTINGS.checkpointPolicy());
    }

    private static Map<String, float[]> values(Map<String, Parameter> parameters) {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> out.put(name, parameter.getArray().toFloatArray()));
        return out;
    }

}
