package io.streamtune.trainer.core;

import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.CheckpointSnapshot;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.train.FineTuner;
import io.streamtune.model.train.StepResult;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardLineage;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.replay.ReplayBuffer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * One task's training state, free of Kafka: the classifier and its optimizer (global step included), the replay
 * buffer, the checkpoint it descends from and the shards trained since (pending lineage). Tests drive it directly;
 * the service feeds it shards and publishes what {@link #writeCheckpoint} returns.
 *
 * <p><b>Determinism.</b> Given the same base (or checkpoint) and the same shards in the same order, the parameters
 * come out identical: the engine reseeds every step from {@code (seed, step)}, the mix of shard and replay
 * examples is shuffled from {@code (seed, step)}, and the replay buffer's random stream is part of its state.
 * A checkpoint holds all of this, so training resumed from one equals training that never stopped.
 *
 * <p><b>Coverage.</b> A task's shards share a key and so a partition, in offset order. {@link #covers} says whether
 * a shard at an offset is already in the model (at or before the last shard trained): a trainer that resumes
 * from committed offsets lower than its checkpoint's skips those shards instead of training them twice.
 *
 * <p>Not thread-safe. Owns native memory: close it.
 */
public final class TaskSession implements AutoCloseable {

    /** Checkpoint metadata keys the session writes (and reads back on resume). */
    static final String EXTRA_TASK = "task";
    static final String EXTRA_PARENT = "parentCheckpointId";
    static final String EXTRA_EXAMPLES_SEEN = "examplesSeen";
    static final String EXTRA_LAST_SHARD = "lastShardOffset";

    private final TaskSettings settings;
    private final FineTuner tuner;
    private final ReplayBuffer<LabeledText> replay;
    private final PlateauDetector plateau;
    private final PendingLineage lineage;
    private long examplesSeen;
    /** Position in the shards topic of the last shard trained into the model, pending or checkpointed. */
    private OffsetRange lastShard;

    private TaskSession(TaskSettings settings, FineTuner tuner, ReplayBuffer<LabeledText> replay,
            String parentCheckpointId, long examplesSeen, OffsetRange lastShard) {
        this.settings = settings;
        this.tuner = tuner;
        this.replay = replay;
        this.plateau = new PlateauDetector(settings.plateauPatience(), settings.plateauMinDelta());
        this.lineage = new PendingLineage(settings.task(), parentCheckpointId);
        this.examplesSeen = examplesSeen;
        this.lastShard = lastShard;
    }

    /** A task with no checkpoint: the base model with a new head, an empty replay buffer, step 0. */
    public static TaskSession fromBase(TaskSettings settings) {
        TextClassifier classifier = settings.baseModel().newClassifier(settings.labels(), settings.modelOptions());
        try {
            return new TaskSession(settings, new FineTuner(classifier, settings.fineTune()),
                    new ReplayBuffer<>(settings.replayCapacity(), settings.fineTune().seed()), null, 0, null);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /**
     * Continues from the checkpoint a committed event announces: parameters, optimizer state, replay buffer,
     * examples seen and the last shard trained, trained from now on with {@code settings} (the task's spec is the
     * truth: a changed spec applies to the steps after the checkpoint; unchanged settings take the steps the
     * interrupted run would have).
     *
     * @throws IOException when the files are missing or do not match the event's content hash
     */
    public static TaskSession resume(TaskSettings settings, CheckpointStore store, CheckpointEvent event)
            throws IOException {
        String id = CheckpointStore.requireRelativePath(event.getLocation());
        CheckpointMetadata metadata = Checkpoints.readMetadata(store, id);
        if (!metadata.contentHash().equals(event.getContentHash())) {
            throw new IOException("checkpoint " + id + " has content hash " + metadata.contentHash()
                    + " but its event announced " + event.getContentHash());
        }
        if (!metadata.labels().equals(settings.labels().labels())) {
            throw new IOException("checkpoint " + id + " has labels " + metadata.labels() + " but task "
                    + settings.task() + " is configured with " + settings.labels().labels());
        }
        ReplayBuffer<LabeledText> replay = ReplayCodec.decode(Checkpoints.readFile(store, id, ReplayCodec.FILE));
        FineTuner tuner = Checkpoints.resume(store, id, settings.modelOptions(), settings.fineTune());
        OffsetRange last = event.getShards().isEmpty() ? null
                : event.getShards().get(event.getShards().size() - 1).getShardOffset();
        return new TaskSession(settings, tuner, replay, event.getCheckpointId(), event.getExamplesSeen(), last);
    }

    public String task() {
        return settings.task();
    }

    /** The settings this session trains with. */
    public TaskSettings settings() {
        return settings;
    }

    public TextClassifier classifier() {
        return tuner.classifier();
    }

    public long globalStep() {
        return tuner.step();
    }

    public long examplesSeen() {
        return examplesSeen;
    }

    /** The checkpoint this session descends from; {@code null} for the base model. */
    public String parentCheckpointId() {
        return lineage.parentCheckpointId();
    }

    /** Whether the shard at {@code offset} of {@code topic}/{@code partition} is already in the model. */
    public boolean covers(String topic, int partition, long offset) {
        return lastShard != null && lastShard.getTopic().equals(topic) && lastShard.getPartition() == partition
                && offset <= lastShard.getLastOffset();
    }

    /** Shards trained since the last committed checkpoint, in order (those of a checkpoint being written too). */
    public List<ShardLineage> pendingShards() {
        return lineage.shards();
    }

    /** Pending shards that no checkpoint, committed or being written, covers yet. */
    public int shardsToCheckpoint() {
        return lineage.uncovered();
    }

    /** When the oldest shard no checkpoint covers yet was trained; {@code null} when there is none. */
    public Instant firstPendingAt() {
        return lineage.firstUncoveredAt();
    }

    /** Offset of the oldest pending shard in the shards topic; {@code null} when none is pending. */
    public Long firstPendingOffset() {
        return lineage.firstPendingOffset();
    }

    /**
     * Trains on one (valid, see {@link ShardValidator}) shard mixed with a replay sample, then offers the shard's
     * examples to the replay buffer.
     *
     * @param shardOffset where the shard record sits in the shards topic (first = last offset)
     * @param now         when, for the checkpoint policy's clock
     */
    public ShardResult train(TrainingShard shard, OffsetRange shardOffset, Instant now) {
        Objects.requireNonNull(shardOffset, "shardOffset");
        List<LabeledText> fresh = shard.getExamples().stream()
                .map(example -> new LabeledText(example.getText(), example.getLabel())).toList();
        int replayCount = (int) Math.round(settings.replayRatio() * fresh.size());
        List<LabeledText> replayed = replay.sample(replayCount);
        List<LabeledText> mixed = new ArrayList<>(fresh.size() + replayed.size());
        mixed.addAll(fresh);
        mixed.addAll(replayed);
        // Seeded by the global step so a resumed run mixes exactly as an uninterrupted one.
        Collections.shuffle(mixed, new Random(settings.fineTune().seed() * 1_000_003L + tuner.step()));

        long started = System.nanoTime();
        List<StepResult> steps = tuner.trainOn(mixed);
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        fresh.forEach(replay::offer);

        double lossSum = steps.stream().mapToDouble(StepResult::loss).sum();
        double meanLoss = lossSum / steps.size();
        boolean onPlateau = plateau.record(meanLoss);
        lineage.trained(ShardLineage.newBuilder()
                .setShardId(shard.getShardId())
                .setShardOffset(OffsetRange.newBuilder(shardOffset).build())
                .setSourceRanges(shard.getSourceRanges().stream().map(r -> OffsetRange.newBuilder(r).build())
                        .toList())
                .setExamples(fresh.size())
                .build(), now, lossSum, steps.size());
        examplesSeen += mixed.size();
        lastShard = shardOffset;
        StepResult last = steps.get(steps.size() - 1);
        return new ShardResult(shard.getShardId(), fresh.size(), replayed.size(), steps.size(), meanLoss,
                mixed.size() / seconds, tuner.step(), last.learningRate(), onPlateau);
    }

    /**
     * Writes a checkpoint of everything trained so far to the store and returns the event that announces it. The
     * checkpoint is not part of the lineage until the caller has published the event (and committed the offsets)
     * and called {@link #committed}; until then it is an orphan that {@link TaskCheckpoints#orphans} finds.
     *
     * @throws IllegalStateException when no shard is pending (a checkpoint must cover at least one shard)
     */
    public CheckpointEvent writeCheckpoint(CheckpointStore store, Map<String, String> serviceSettings, Instant now)
            throws IOException {
        CheckpointDraft draft = snapshotCheckpoint(serviceSettings, now);
        try {
            return draft.write(store);
        } catch (IOException | RuntimeException e) {
            abandoned(draft);
            throw e;
        }
    }

    /**
     * Takes a checkpoint of everything trained so far without writing it: parameters, optimizer state and replay
     * buffer are copied, so training may go on while {@link CheckpointDraft#write} runs elsewhere. Then, as for
     * {@link #writeCheckpoint}, {@link #committed} once its event is published, or {@link #abandoned}. One draft
     * at a time: the shards trained meanwhile wait for the next checkpoint.
     *
     * @throws IllegalStateException when no shard is pending, or a draft is neither committed nor abandoned
     */
    public CheckpointDraft snapshotCheckpoint(Map<String, String> serviceSettings, Instant now)
            throws IOException {
        double trainLoss = lineage.startDraft();
        String id = checkpointId(task(), tuner.step());
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(EXTRA_TASK, task());
        extra.put(EXTRA_PARENT, parentCheckpointId() == null ? "" : parentCheckpointId());
        extra.put(EXTRA_EXAMPLES_SEEN, Long.toString(examplesSeen));
        extra.put(EXTRA_LAST_SHARD, lastShard.getTopic() + "/" + lastShard.getPartition() + "@"
                + lastShard.getLastOffset());
        CheckpointSnapshot snapshot;
        try {
            snapshot = Checkpoints.snapshot(tuner, settings.baseModel().id(), extra,
                    Map.of(ReplayCodec.FILE, ReplayCodec.encode(replay)));
        } catch (RuntimeException e) {
            lineage.abandoned();
            throw e;
        }
        Map<String, String> hyperParameters = new LinkedHashMap<>(tuner.config().asMap());
        hyperParameters.put("replayCapacity", Integer.toString(settings.replayCapacity()));
        hyperParameters.put("replayRatio", Double.toString(settings.replayRatio()));
        hyperParameters.put("maxLength", Integer.toString(tuner.classifier().options().maxLength()));
        hyperParameters.put("dropout", Float.toString(tuner.classifier().options().dropout()));
        hyperParameters.putAll(serviceSettings);
        return new CheckpointDraft(snapshot, CheckpointEvent.newBuilder()
                .setCheckpointId(id)
                .setTask(task())
                .setParentCheckpointId(parentCheckpointId())
                .setBaseModel(settings.baseModel().id())
                .setShards(pendingShards())
                .setHyperParameters(hyperParameters)
                .setGlobalStep(tuner.step())
                .setExamplesSeen(examplesSeen)
                .setTrainLoss(trainLoss)
                .setLocation(id)
                .setCreatedAt(now));
    }

    /**
     * The event was published and the offsets committed: it is the new parent, and the shards it covers are no
     * longer pending (those trained while it was written still are).
     */
    public void committed(CheckpointEvent event) {
        lineage.committed(event);
    }

    /** The draft was not published (its write failed): its shards are again only pending. */
    public void abandoned(CheckpointDraft draft) {
        draft.close();
        lineage.abandoned();
    }

    /** Checkpoint ids sort by global step; the random suffix keeps a retried write from colliding with an orphan. */
    static String checkpointId(String task, long step) {
        return task + "/" + String.format("%012d", step) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        TextClassifier classifier = tuner.classifier();
        tuner.close();
        classifier.close();
    }
}
