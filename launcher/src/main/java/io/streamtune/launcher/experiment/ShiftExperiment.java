package io.streamtune.launcher.experiment;

import io.streamtune.evaluator.drift.DriftSettings;
import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.train.Evaluation;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.core.ShardResult;
import io.streamtune.trainer.core.TaskSession;
import io.streamtune.trainer.core.TaskSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One arm of the shift experiment: streams the old domain, then the new one, in shards through the trainer's own
 * {@link TaskSession} (replay buffer included), and every {@code checkpointEveryShards} shards, and at the end of
 * each domain, scores the live session in place on both held-out slices. No checkpoint files are written: the
 * session is what a checkpoint would hold.
 */
public final class ShiftExperiment {

    static final int EVAL_BATCH = 32;

    private final ShiftSettings settings;
    private final DriftSettings drift;
    private final Consumer<String> progress;

    /**
     * @param drift    window and thresholds of the drift signals; {@code null} computes none
     * @param progress receives one line per shard and per checkpoint
     */
    public ShiftExperiment(ShiftSettings settings, DriftSettings drift, Consumer<String> progress) {
        this.settings = settings;
        this.drift = drift;
        this.progress = progress;
    }

    /** Runs one arm on {@code data}, with the replay buffer on or off. */
    public ArmResult run(ShiftData data, boolean replay) {
        String arm = replay ? "replay on" : "replay off";
        TaskSettings task = settings.taskSettings(replay);
        List<Shard> shards = shards(data);
        List<LabeledText> stream = new ArrayList<>(data.oldStream());
        stream.addAll(data.newStream());
        DriftProbe probe = drift == null ? null : new DriftProbe(drift, stream, data.control());
        List<CheckpointRow> rows = new ArrayList<>();
        long started = System.nanoTime();
        try (TaskSession session = TaskSession.fromBase(task)) {
            long streamed = 0;
            double lossSum = 0;
            int lossShards = 0;
            for (int i = 0; i < shards.size(); i++) {
                Shard shard = shards.get(i);
                ShardResult result = session.train(shard.record(i), at(i), Instant.now());
                streamed += shard.examples().size();
                lossSum += result.meanLoss();
                lossShards++;
                progress.accept(String.format("[%s] shard %d/%d (%s domain): %d new + %d replayed, loss %.4f, "
                        + "%.1f examples/s", arm, i + 1, shards.size(), shard.domain(), result.newExamples(),
                        result.replayedExamples(), result.meanLoss(), result.examplesPerSecond()));
                if (shard.lastOfDomain() || lossShards == settings.checkpointEveryShards()) {
                    CheckpointRow row = checkpoint(session, data, probe, rows.size() + 1, shard.domain(),
                            streamed, lossSum / lossShards, started);
                    rows.add(row);
                    progress.accept(String.format("[%s] checkpoint %d after %d emails (%s domain), %.0f s: old acc "
                            + "%.4f F1 %.4f, new acc %.4f F1 %.4f%s", arm, row.checkpoint(), row.streamed(),
                            row.streaming(), row.seconds(), row.oldDomain().accuracy(), row.oldDomain().macroF1(),
                            row.newDomain().accuracy(), row.newDomain().macroF1(), describe(row.drift())));
                    lossSum = 0;
                    lossShards = 0;
                }
            }
        }
        return new ArmResult(replay, task.replayCapacity(), task.replayRatio(), rows);
    }

    private CheckpointRow checkpoint(TaskSession session, ShiftData data, DriftProbe probe, int index,
            String domain, long streamed, double loss, long started) {
        TextClassifier model = session.classifier();
        List<float[]> oldProbabilities = probabilities(model, data.oldHeldOut());
        CheckpointRow.Score oldScore = score(model, data.oldHeldOut(), oldProbabilities);
        CheckpointRow.Score newScore = score(model, data.newHeldOut(), probabilities(model, data.newHeldOut()));
        DriftRow driftRow = probe == null ? null
                : probe.at(model, (int) streamed, index - 1, DriftProbe.confidences(oldProbabilities));
        return new CheckpointRow(index, domain, streamed, session.examplesSeen(), loss, oldScore, newScore,
                (System.nanoTime() - started) / 1e9, driftRow);
    }

    private static List<float[]> probabilities(TextClassifier model, List<LabeledText> emails) {
        return model.predictProbabilities(emails.stream().map(LabeledText::text).toList(), EVAL_BATCH);
    }

    private static CheckpointRow.Score score(TextClassifier model, List<LabeledText> heldOut,
            List<float[]> probabilities) {
        Evaluation evaluation = Evaluation.ofProbabilities(model.labels(),
                heldOut.stream().map(LabeledText::label).toList(), probabilities);
        return new CheckpointRow.Score(evaluation.count(), evaluation.accuracy(), evaluation.macroF1());
    }

    private static String describe(DriftRow row) {
        return row == null ? "" : String.format("; drift PSI label %.3f, confidence %.3f (control %.3f, %.3f)",
                row.labelPsi(), row.confidencePsi(), row.controlLabelPsi(), row.controlConfidencePsi());
    }

    /** The old domain's shards, then the new domain's; a domain's last shard may be short. */
    List<Shard> shards(ShiftData data) {
        List<Shard> shards = new ArrayList<>();
        cut(data.oldStream(), "old", shards);
        cut(data.newStream(), "new", shards);
        return shards;
    }

    private void cut(List<LabeledText> stream, String domain, List<Shard> into) {
        for (int start = 0; start < stream.size(); start += settings.shardSize()) {
            int end = Math.min(stream.size(), start + settings.shardSize());
            into.add(new Shard(domain, stream.subList(start, end), end == stream.size()));
        }
    }

    private static OffsetRange at(int index) {
        return OffsetRange.newBuilder().setTopic("shards").setPartition(0).setFirstOffset(index)
                .setLastOffset(index).build();
    }

    /** A shard of one domain's stream; {@code lastOfDomain} closes the domain with a checkpoint. */
    record Shard(String domain, List<LabeledText> examples, boolean lastOfDomain) {

        TrainingShard record(int index) {
            Instant when = Instant.ofEpochMilli(index);
            List<ShardExample> records = new ArrayList<>(examples.size());
            for (int i = 0; i < examples.size(); i++) {
                records.add(ShardExample.newBuilder().setId(domain + "-" + index + "-" + i)
                        .setText(examples.get(i).text()).setLabel(examples.get(i).label()).setEventTime(when)
                        .setIngestedAt(when).build());
            }
            return TrainingShard.newBuilder().setShardId(ShiftSettings.TASK + "-shard-" + index)
                    .setTask(ShiftSettings.TASK).setExamples(records)
                    .setSourceRanges(List.of(OffsetRange.newBuilder().setTopic("examples").setPartition(0)
                            .setFirstOffset(index).setLastOffset(index).build()))
                    .setWindowStart(when).setWindowEnd(when).setLabelHistogram(Map.of()).setClosedBy("COUNT")
                    .build();
        }
    }
}
