package io.streamtune.trainer;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.core.BaseModelSpec;
import io.streamtune.trainer.core.TaskSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small deterministic spam/ham shards and settings for the tiny model. */
public final class TestShards {

    public static final LabelMap LABELS = LabelMap.of("ham", "spam");
    private static final String[] SPAM = {"win", "free", "prize", "cash", "offer", "cheap", "lottery", "bonus"};
    private static final String[] HAM = {"meeting", "agenda", "report", "lunch", "review", "schedule", "notes",
        "project"};
    private static final String[] FILLER = {"the", "a", "for", "today", "please", "now", "our", "your", "and"};

    private TestShards() {
    }

    /** Settings of a tiny model that learns the task in a few shards. */
    public static TaskSettings tinySettings(String task) {
        return new TaskSettings(task, LABELS, BaseModelSpec.TINY, new ModelOptions(16, 0.1f, "cpu", 7),
                FineTuneConfig.builder().learningRate(2e-3).warmupSteps(2).batchSize(8).patience(0).seed(7).build(),
                32, 0.5, 3, 1e-3);
    }

    /** Shard number {@code index} of a task: {@code size} examples, source offsets following the index. */
    public static TrainingShard shard(String task, int index, int size) {
        Random random = new Random(task.hashCode() * 31L + index);
        List<ShardExample> examples = new ArrayList<>();
        Map<String, Long> histogram = new HashMap<>();
        for (int i = 0; i < size; i++) {
            boolean spam = random.nextBoolean();
            String[] keywords = spam ? SPAM : HAM;
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                text.append(w % 2 == 0 ? keywords[random.nextInt(keywords.length)]
                        : FILLER[random.nextInt(FILLER.length)]).append(' ');
            }
            String label = spam ? "spam" : "ham";
            histogram.merge(label, 1L, Long::sum);
            examples.add(ShardExample.newBuilder().setId(task + "-" + index + "-" + i).setText(text.toString().trim())
                    .setLabel(label).setEventTime(Instant.ofEpochMilli(1_000L * index))
                    .setIngestedAt(Instant.ofEpochMilli(1_000L * index)).build());
        }
        long first = (long) index * size;
        return TrainingShard.newBuilder().setShardId(task + "-shard-" + index).setTask(task).setExamples(examples)
                .setSourceRanges(List.of(OffsetRange.newBuilder().setTopic("examples").setPartition(0)
                        .setFirstOffset(first).setLastOffset(first + size - 1).build()))
                .setWindowStart(Instant.ofEpochMilli(1_000L * index)).setWindowEnd(Instant.ofEpochMilli(1_000L * index + 500))
                .setLabelHistogram(histogram).setClosedBy("COUNT").build();
    }

    /** Where a shard record sits in the shards topic. */
    public static OffsetRange at(int partition, long offset) {
        return OffsetRange.newBuilder().setTopic("shards").setPartition(partition).setFirstOffset(offset)
                .setLastOffset(offset).build();
    }
}
