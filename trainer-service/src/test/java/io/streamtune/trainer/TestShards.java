package io.streamtune.trainer;

import io.streamtune.model.LabelMap;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.KeywordTexts;
import io.streamtune.trainer.core.TaskSettings;
import io.streamtune.trainer.core.TrainingDefaults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small deterministic spam/ham shards and settings for the tiny model. */
public final class TestShards {

    public static final LabelMap LABELS = LabelMap.of("ham", "spam");
    /** The trainer's tests were written with "bonus" where the others say "viagra"; kept so results stay put. */
    private static final KeywordTexts TEXTS = new KeywordTexts(
            List.of("win", "free", "prize", "cash", "offer", "cheap", "lottery", "bonus"), KeywordTexts.HAM);

    private TestShards() {
    }

    /** Settings of a tiny model that learns the task in a few shards: those of {@link #tinyTrainerConfig}. */
    public static TaskSettings tinySettings(String task) {
        Map<String, String> config = tinyTrainerConfig(task);
        config.put("schema.registry.url", "http://127.0.0.1:1/unused");
        config.put("plateau.patience", "3");
        return new TrainerConfig(config).tasks().get(task);
    }

    /** The defaults of {@link #tinyTrainerConfig}: what a task spec without settings trains with. */
    public static TrainingDefaults tinySettingsDefaults() {
        Map<String, String> config = tinyTrainerConfig();
        config.remove("tasks");
        config.put("schema.registry.url", "http://127.0.0.1:1/unused");
        return new TrainerConfig(config).trainingDefaults();
    }

    /** Trainer configuration of the tiny model for the given tasks (labels ham, spam), CPU, small batches. */
    public static Map<String, String> tinyTrainerConfig(String... tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("tasks", String.join(",", tasks));
        for (String task : tasks) {
            config.put("task." + task + ".labels", String.join(",", LABELS.labels()));
        }
        config.put("base.model", "tiny");
        config.put("device", "cpu");
        config.put("seed", "7");
        config.put("max.length", "16");
        config.put("batch.size", "8");
        config.put("learning.rate", "0.002");
        config.put("warmup.steps", "2");
        config.put("replay.capacity", "32");
        config.put("replay.ratio", "0.5");
        return config;
    }

    /** Shard number {@code index} of a task: {@code size} examples, source offsets following the index. */
    public static TrainingShard shard(String task, int index, int size) {
        Random random = new Random(task.hashCode() * 31L + index);
        List<ShardExample> examples = new ArrayList<>();
        Map<String, Long> histogram = new HashMap<>();
        for (int i = 0; i < size; i++) {
            KeywordTexts.Text text = TEXTS.sentence(random);
            String label = text.label();
            histogram.merge(label, 1L, Long::sum);
            examples.add(ShardExample.newBuilder().setId(task + "-" + index + "-" + i).setText(text.text())
                    .setLabel(label).setEventTime(Instant.ofEpochMilli(1_000L * index))
                    .setIngestedAt(Instant.ofEpochMilli(1_000L * index)).build());
        }
        long first = (long) index * size;
        return TrainingShard.newBuilder().setShardId(task + "-shard-" + index).setTask(task).setExamples(examples)
                .setSourceRanges(List.of(OffsetRange.newBuilder().setTopic("examples").setPartition(0)
                        .setFirstOffset(first).setLastOffset(first + size - 1).build()))
                .setWindowStart(Instant.ofEpochMilli(1_000L * index))
                .setWindowEnd(Instant.ofEpochMilli(1_000L * index + 500))
                .setLabelHistogram(histogram).setClosedBy("COUNT").build();
    }

    /** Where a shard record sits in the shards topic. */
    public static OffsetRange at(int partition, long offset) {
        return OffsetRange.newBuilder().setTopic("shards").setPartition(partition).setFirstOffset(offset)
                .setLastOffset(offset).build();
    }
}
