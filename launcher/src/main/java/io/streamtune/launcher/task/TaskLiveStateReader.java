package io.streamtune.launcher.task;

import io.streamtune.common.kafka.ConsumerLag;
import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.ops.PromotionsReader;
import io.streamtune.evaluator.ops.TopicReplay;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a task's {@link TaskLiveState} from the topics in one pass: counts the task's records on {@code shards} and
 * {@code examples.validation} by key (values stay undecoded), decodes only its checkpoint events, takes the champion
 * from {@code promotions}, and asks the cluster for the lag of the trainer and evaluator groups on the partitions
 * where the task's shards and checkpoints are.
 */
public final class TaskLiveStateReader {

    private final Map<String, Object> kafka;
    private final Map<String, ?> registry;
    private final String trainerGroup;
    private final String evaluatorGroup;

    /**
     * @param trainerGroup   the trainer's consumer group ({@code group.id} of the trainer)
     * @param evaluatorGroup the evaluator's consumer group
     */
    public TaskLiveStateReader(Map<String, Object> kafka, Map<String, ?> registry, String trainerGroup,
            String evaluatorGroup) {
        this.kafka = Map.copyOf(kafka);
        this.registry = Map.copyOf(registry);
        this.trainerGroup = trainerGroup;
        this.evaluatorGroup = evaluatorGroup;
    }

    /** The live state of {@code task} now. */
    public TaskLiveState read(String task) {
        Counts counts = new Counts(task);
        try (KafkaConsumer<String, byte[]> consumer = TaskTopics.readCommittedConsumer(kafka);
                AvroRegistrySerde<CheckpointEvent> serde = RegistrySerdes.specific(CheckpointEvent.class, registry,
                        false)) {
            TopicReplay.assignFromBeginning(consumer, List.of(Topics.SHARDS.name(), Topics.EXAMPLES_VALIDATION.name(),
                    Topics.CHECKPOINTS.name()));
            TopicReplay.untilEnd(consumer, () -> false, record -> counts.add(record, serde));
        }
        try (PromotionsReader promotions = new PromotionsReader(kafka, registry)) {
            return new TaskLiveState(counts.shards, counts.lastShardAt, counts.validation, counts.checkpoints,
                    counts.lastCheckpoint, promotions.champion(task), lag(counts));
        }
    }

    private List<TaskLiveState.Lag> lag(Counts counts) {
        List<TaskLiveState.Lag> lag = new ArrayList<>();
        try (Admin admin = Admin.create(kafka)) {
            ConsumerLag consumerLag = new ConsumerLag(admin);
            // A group that never started does not exist yet: asking for its offsets would fail.
            List<String> groups = consumerLag.groups().stream()
                    .filter(g -> g.equals(trainerGroup) || g.equals(evaluatorGroup)).toList();
            for (ConsumerLag.PartitionLag row : groups.isEmpty() ? List.<ConsumerLag.PartitionLag>of()
                    : consumerLag.lag(groups)) {
                TopicPartition partition = new TopicPartition(row.topic(), row.partition());
                boolean shards = row.group().equals(trainerGroup) && counts.shardPartitions.contains(partition);
                boolean checkpoints = row.group().equals(evaluatorGroup)
                        && counts.checkpointPartitions.contains(partition);
                if (shards || checkpoints) {
                    lag.add(new TaskLiveState.Lag(row.group(), row.topic(), row.partition(), row.lag()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while reading consumer lag", e);
        }
        return lag;
    }

    /** The task's records seen in one pass over the topics. */
    private static final class Counts {
        private final String task;
        private final Set<TopicPartition> shardPartitions = new HashSet<>();
        private final Set<TopicPartition> checkpointPartitions = new HashSet<>();
        private long shards;
        private Instant lastShardAt;
        private long validation;
        private long checkpoints;
        private CheckpointEvent lastCheckpoint;

        Counts(String task) {
            this.task = task;
        }

        void add(ConsumerRecord<String, byte[]> record, AvroRegistrySerde<CheckpointEvent> serde) {
            if (!task.equals(record.key()) || record.value() == null) {
                return;
            }
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.topic().equals(Topics.SHARDS.name())) {
                shards++;
                shardPartitions.add(partition);
                lastShardAt = Instant.ofEpochMilli(record.timestamp());
            } else if (record.topic().equals(Topics.EXAMPLES_VALIDATION.name())) {
                validation++;
            } else {
                checkpoints++;
                checkpointPartitions.add(partition);
                lastCheckpoint = serde.deserializer().deserialize(record.topic(), record.headers(), record.value());
            }
        }
    }
}
