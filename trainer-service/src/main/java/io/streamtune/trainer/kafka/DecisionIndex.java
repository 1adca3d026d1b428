package io.streamtune.trainer.kafka;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the evaluator decided, per task, as checkpoint retention needs it: the champion the newest promotion
 * names, every checkpoint that was champion (with when it last became one), and the newest checkpoint evaluated.
 *
 * <p>{@code promotions} is compacted (only the newest record per task survives), so the champion history also
 * comes from {@code evaluations} (every decision, kept 90 days): an evaluation with {@code promoted = true} marks
 * a champion as surely as its promotion, which the evaluator commits in the same transaction. Both topics are read
 * from the beginning, {@code read_committed}, without a group; {@link #catchUp} reads what was added since.
 * Evaluations name a checkpoint by id, promotions by location: the trainer writes each checkpoint at its id.
 *
 * <p>Bounded: per task it keeps the newest {@code championsKept} champions (what retention protects), so memory
 * stays flat however many promotions a long-running trainer reads.
 */
public final class DecisionIndex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionIndex.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final List<String> TOPICS = List.of(Topics.EVALUATIONS.name(), Topics.PROMOTIONS.name());

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<EvaluationEvent> evaluations;
    private final Deserializer<PromotionEvent> promotions;
    private final Map<String, TaskDecisions> tasks = new HashMap<>();
    private final int championsKept;

    /**
     * @param consumer      a {@code read_committed} consumer without a group; the index assigns and owns it
     * @param championsKept how many of each task's newest champions {@link #decisions} lists (at least 1)
     */
    public DecisionIndex(Consumer<String, byte[]> consumer, Deserializer<EvaluationEvent> evaluations,
            Deserializer<PromotionEvent> promotions, int championsKept) {
        if (championsKept < 1) {
            throw new IllegalArgumentException("keep at least the newest champion, got " + championsKept);
        }
        this.championsKept = championsKept;
        this.consumer = consumer;
        this.evaluations = evaluations;
        this.promotions = promotions;
    }

    /** What retention needs to know of one task's decisions. */
    public record Decisions(String championLocation, List<String> recentChampions, String lastEvaluated) {
    }

    /**
     * Reads both topics up to their current (last stable) end; partitions that appeared since the last call are
     * read from their beginning.
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public void catchUp(Duration timeout) {
        assignNewPartitions();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(consumer.assignment()));
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        while (!end.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + TOPICS + " to their end within " + timeout);
            }
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            consumer.poll(POLL).forEach(batch::add);
            for (int i = 0; i < batch.size(); i++) {
                try {
                    apply(batch.get(i));
                } catch (RegistryUnavailableException | RegistryRequestException e) {
                    // Not the records' fault: read them again next time rather than forget a champion.
                    rewindTo(batch.subList(i, batch.size()));
                    throw e;
                }
            }
            end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
    }

    /** The decisions on {@code task} read so far. */
    public Decisions decisions(String task) {
        TaskDecisions decisions = tasks.get(task);
        if (decisions == null) {
            return new Decisions(null, List.of(), null);
        }
        List<String> recent = decisions.championSince.entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder()))
                .map(Map.Entry::getKey).toList();
        return new Decisions(decisions.championLocation, recent, decisions.lastEvaluated);
    }

    private void assignNewPartitions() {
        Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
        Set<TopicPartition> all = new HashSet<>(assigned);
        for (String topic : TOPICS) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                all.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        if (!all.equals(assigned)) {
            consumer.assign(all);
            all.removeAll(assigned);
            consumer.seekToBeginning(all);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(Topics.PROMOTIONS.name())) {
                PromotionEvent promotion = promotions.deserialize(record.topic(), record.headers(), record.value());
                if (promotion != null) {
                    TaskDecisions task = tasks.computeIfAbsent(promotion.getTask(), t -> new TaskDecisions());
                    task.championLocation = promotion.getLocation();
                    championSince(task, promotion.getLocation(), promotion.getPromotedAt());
                }
            } else {
                EvaluationEvent evaluation = evaluations.deserialize(record.topic(), record.headers(),
                        record.value());
                if (evaluation != null) {
                    TaskDecisions task = tasks.computeIfAbsent(evaluation.getTask(), t -> new TaskDecisions());
                    task.lastEvaluated = evaluation.getCheckpointId();
                    if (evaluation.getPromoted()) {
                        championSince(task, evaluation.getCheckpointId(), evaluation.getEvaluatedAt());
                    }
                }
            }
        } catch (RegistryUnavailableException | RegistryRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Skipping undecodable record at {}-{}@{} while reading decisions for checkpoint retention: {}",
                    record.topic(), record.partition(), record.offset(), e.toString());
        }
    }

    private void rewindTo(List<ConsumerRecord<String, byte[]>> unread) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : unread) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach(consumer::seek);
    }

    /** Records that {@code location} was champion at {@code at}; drops the task's oldest beyond the bound. */
    private void championSince(TaskDecisions task, String location, Instant at) {
        task.championSince.merge(location, at, DecisionIndex::later);
        while (task.championSince.size() > championsKept) {
            task.championSince.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> task.championSince.remove(oldest.getKey()));
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static final class TaskDecisions {
        private final Map<String, Instant> championSince = new HashMap<>();
        private String championLocation;
        private String lastEvaluated;
    }
}
