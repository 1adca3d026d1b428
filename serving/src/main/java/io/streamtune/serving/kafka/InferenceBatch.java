package io.streamtune.serving.kafka;

import io.streamtune.common.kafka.DeadLetters;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.InferencePrediction;
import io.streamtune.schemas.InferenceRequest;
import io.streamtune.serving.Champions;
import io.streamtune.serving.NoChampionException;
import io.streamtune.serving.Prediction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the requests of one poll into a {@link BatchOutcome}: checks each ({@link RequestCheck}), scores the accepted
 * ones per task in model calls of at most {@code maxBatch} texts, and dead-letters the rest with their reason.
 *
 * <p>A request of a served task whose champion is not loaded yet <b>waits</b> rather than being dead-lettered: its
 * partition stops at it (offsets commit only in order, so the requests behind it wait too) and it is read again
 * after a pause; only after {@code championWait} without a champion is it dead-lettered as
 * {@link InferenceReason#NO_CHAMPION}, so that a task that never gets one cannot block its partitions forever. A
 * model call that fails is retried text by text; a text that still fails is dead-lettered as
 * {@link InferenceReason#SCORING_FAILED}. Not thread-safe: the loop's thread only.
 */
final class InferenceBatch {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceBatch.class);

    private final RequestCheck check;
    private final Champions champions;
    private final int maxBatch;
    private final Duration championWait;
    private final DeadLetters deadLetters;
    private final Clock clock;
    /** Per partition, the request waiting for its task's first champion and since when. */
    private final Map<TopicPartition, WaitingSince> waitingForChampion = new HashMap<>();

    private record WaitingSince(long offset, Instant since) {
    }

    /** One request and what became of it so far. */
    private static final class Slot {
        final ConsumerRecord<String, byte[]> record;
        Verdict verdict;
        Prediction prediction;
        long scoringMs;

        Slot(ConsumerRecord<String, byte[]> record, Verdict verdict) {
            this.record = record;
            this.verdict = verdict;
        }
    }

    InferenceBatch(RequestCheck check, Champions champions, int maxBatch, Duration championWait,
            DeadLetters deadLetters, Clock clock) {
        this.check = check;
        this.champions = champions;
        this.maxBatch = maxBatch;
        this.championWait = championWait;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** Decides every request of {@code records} (one poll, in offset order per partition). */
    BatchOutcome process(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, List<Slot>> byPartition = checkInOrder(records);
        score(byPartition);
        return collect(byPartition);
    }

    /** Forgets the waits of partitions this instance no longer owns. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(waitingForChampion::remove);
    }

    /** Checks each partition's requests in order, up to the first that must wait. */
    private Map<TopicPartition, List<Slot>> checkInOrder(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, List<Slot>> byPartition = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            List<Slot> slots = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (!slots.isEmpty() && slots.get(slots.size() - 1).verdict instanceof Verdict.Wait) {
                continue; // the partition stopped at an earlier request
            }
            Verdict verdict = check.check(record);
            if (verdict instanceof Verdict.Accepted accepted) {
                verdict = withChampion(partition, record.offset(), accepted);
            }
            slots.add(new Slot(record, verdict));
        }
        return byPartition;
    }

    private Verdict withChampion(TopicPartition partition, long offset, Verdict.Accepted accepted) {
        String task = accepted.request().getTask();
        if (champions.champion(task).isPresent()) {
            return accepted;
        }
        Instant now = clock.instant();
        WaitingSince waiting = waitingForChampion.get(partition);
        if (waiting == null || waiting.offset() != offset) {
            waiting = new WaitingSince(offset, now);
            waitingForChampion.put(partition, waiting);
        }
        Duration waited = Duration.between(waiting.since(), now);
        if (waited.compareTo(championWait) >= 0) {
            return new Verdict.Refused(InferenceReason.NO_CHAMPION, "task '" + task + "' had no loaded champion for "
                    + waited.toMillis() + " ms (inference.champion.wait.ms=" + championWait.toMillis() + ")");
        }
        return new Verdict.Wait("task '" + task + "' has no champion loaded yet");
    }

    /** Scores the accepted requests per task, in model calls of at most {@code maxBatch} texts. */
    private void score(Map<TopicPartition, List<Slot>> byPartition) {
        Map<String, List<Slot>> byTask = new LinkedHashMap<>();
        byPartition.values().forEach(slots -> slots.stream()
                .filter(slot -> slot.verdict instanceof Verdict.Accepted)
                .forEach(slot -> byTask.computeIfAbsent(request(slot).getTask(), t -> new ArrayList<>()).add(slot)));
        byTask.forEach((task, slots) -> {
            for (int from = 0; from < slots.size(); from += maxBatch) {
                scoreChunk(task, slots.subList(from, Math.min(slots.size(), from + maxBatch)));
            }
        });
    }

    private void scoreChunk(String task, List<Slot> chunk) {
        long started = System.nanoTime();
        try {
            List<Prediction> predictions = champions.predict(task, chunk.stream().map(s -> request(s).getText())
                    .toList());
            long took = (System.nanoTime() - started) / 1_000_000;
            for (int i = 0; i < chunk.size(); i++) {
                chunk.get(i).prediction = predictions.get(i);
                chunk.get(i).scoringMs = took;
            }
        } catch (NoChampionException e) {
            // Unloaded between the check and the call: wait like a task that has none yet.
            chunk.forEach(slot -> slot.verdict = new Verdict.Wait(e.getMessage()));
        } catch (RuntimeException e) {
            if (chunk.size() == 1) {
                LOG.warn("Scoring request at {}-{}@{} of task {} failed; dead-lettering it", chunk.get(0).record
                        .topic(), chunk.get(0).record.partition(), chunk.get(0).record.offset(), task, e);
                chunk.get(0).verdict = new Verdict.Refused(InferenceReason.SCORING_FAILED,
                        "the champion of task '" + task + "' failed on this text: " + e);
                return;
            }
            // One bad text must not cost the others their answer: score them one by one.
            chunk.forEach(slot -> scoreChunk(task, List.of(slot)));
        }
    }

    /** Walks each partition in order up to its first waiting request: answers, dead letters, offsets. */
    private BatchOutcome collect(Map<TopicPartition, List<Slot>> byPartition) {
        Instant now = clock.instant();
        List<BatchOutcome.Keyed<InferencePrediction>> answers = new ArrayList<>();
        List<BatchOutcome.Keyed<DeadLetter>> letters = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, BatchOutcome.Waiting> waiting = new HashMap<>();
        byPartition.forEach((partition, slots) -> {
            for (Slot slot : slots) {
                if (slot.verdict instanceof Verdict.Wait wait) {
                    waiting.put(partition, new BatchOutcome.Waiting(slot.record.offset(), wait.why()));
                    break;
                }
                if (slot.verdict instanceof Verdict.Refused refused) {
                    letters.add(new BatchOutcome.Keyed<>(slot.record.key(), deadLetters.letter(
                            refused.reason().name(), refused.text(), slot.record, now)));
                } else {
                    answers.add(new BatchOutcome.Keyed<>(request(slot).getId(), prediction(slot, now)));
                }
                offsets.put(partition, new OffsetAndMetadata(slot.record.offset() + 1));
            }
            BatchOutcome.Waiting stopped = waiting.get(partition);
            WaitingSince since = waitingForChampion.get(partition);
            if (since != null && (stopped == null || stopped.offset() != since.offset())) {
                waitingForChampion.remove(partition);
            }
        });
        return new BatchOutcome(answers, letters, offsets, waiting);
    }

    private static InferencePrediction prediction(Slot slot, Instant now) {
        InferenceRequest request = request(slot);
        Instant requested = request.getRequestedAt() != null ? request.getRequestedAt()
                : Instant.ofEpochMilli(slot.record.timestamp());
        return InferencePrediction.newBuilder()
                .setId(request.getId())
                .setTask(request.getTask())
                .setLabel(slot.prediction.label())
                .setLabels(List.copyOf(slot.prediction.probabilities().keySet()))
                .setProbabilities(new LinkedHashMap<>(slot.prediction.probabilities()))
                .setModelVersion(slot.prediction.modelVersion())
                .setLatencyMs(Math.max(0, Duration.between(requested, now).toMillis()))
                .setScoringMs(slot.scoringMs)
                .setScoredAt(now)
                .setRequestedAt(request.getRequestedAt())
                .setAttributes(request.getAttributes())
                .build();
    }

    private static InferenceRequest request(Slot slot) {
        return ((Verdict.Accepted) slot.verdict).request();
    }
}
