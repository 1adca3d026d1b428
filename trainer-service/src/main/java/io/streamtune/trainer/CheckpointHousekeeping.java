package io.streamtune.trainer;

import io.streamtune.common.service.Closeables;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.trainer.core.CheckpointRetention;
import io.streamtune.trainer.core.ProtectedCheckpoints;
import io.streamtune.trainer.core.RetentionPolicy;
import io.streamtune.trainer.kafka.CheckpointIndex;
import io.streamtune.trainer.kafka.DecisionIndex;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the checkpoint store bounded and clean; the trainer is its only writer. At start it finishes deletions a
 * crash interrupted; at a task's take-over it removes that task's partial writes; after each commit it applies
 * the {@link RetentionPolicy} with what the topics say must stay (champions from {@code promotions} and
 * {@code evaluations}, pending = announced on {@code checkpoints} but not evaluated yet). A failure here is logged
 * and retried at the next commit: it never stops training. It reads {@code evaluations} and {@code promotions}
 * with a consumer of its own, which {@link #close()} closes.
 */
final class CheckpointHousekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointHousekeeping.class);

    private final CheckpointStore store;
    private final CheckpointRetention retention;
    private final CheckpointIndex checkpoints;
    private final DecisionIndex decisions;
    private final TrainerMetrics metrics;
    private final Duration catchUpTimeout;
    private final AvroRegistrySerde<EvaluationEvent> evaluationSerde;
    private final AvroRegistrySerde<PromotionEvent> promotionSerde;

    CheckpointHousekeeping(TrainerConfig config, CheckpointStore store, CheckpointIndex checkpoints,
            TrainerMetrics metrics, Duration catchUpTimeout) {
        this.store = store;
        this.retention = new CheckpointRetention(store, config.retentionPolicy());
        this.checkpoints = checkpoints;
        Map<String, Object> registryConfig = Map.copyOf(config.originals());
        this.evaluationSerde = RegistrySerdes.specific(EvaluationEvent.class, registryConfig, false);
        this.promotionSerde = RegistrySerdes.specific(PromotionEvent.class, registryConfig, false);
        this.decisions = new DecisionIndex(new KafkaConsumer<>(config.readCommittedConsumerConfigs(),
                new StringDeserializer(), new ByteArrayDeserializer()), evaluationSerde.deserializer(),
                promotionSerde.deserializer(), config.retentionPolicy().champions() + 1);
        this.metrics = metrics;
        this.catchUpTimeout = catchUpTimeout;
    }

    /** At start: finishes interrupted deletions. */
    void recover() {
        try {
            store.finishDeletes();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not finish the checkpoint deletions a crash interrupted; retried at the next start", e);
        }
        reportUsage();
    }

    /** At take-over of {@code task}, once its previous owner is fenced: removes the task's partial writes. */
    void takeOver(String task) throws IOException {
        int partial = store.removeIncomplete(task);
        if (partial > 0) {
            LOG.info("Removed {} partial checkpoint write(s) of task {} (a trainer killed while writing)", partial,
                    task);
        }
    }

    /** After {@code event} of its task committed: deletes what retention no longer keeps. */
    void afterCommit(CheckpointEvent event) {
        String task = event.getTask();
        try {
            decisions.catchUp(catchUpTimeout);
            DecisionIndex.Decisions decided = decisions.decisions(task);
            ProtectedCheckpoints protection = new ProtectedCheckpoints(decided.championLocation(),
                    decided.recentChampions(),
                    RetentionPolicy.pending(checkpoints.committedSteps(task), decided.lastEvaluated()),
                    event.getLocation());
            metrics.checkpointsDeleted(task, retention.apply(task, protection).deleted());
            checkpoints.retainStored(task, Set.copyOf(store.list()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Checkpoint retention for task {} failed; retried after its next checkpoint", task, e);
        }
        reportUsage();
    }

    /** Closes the decisions consumer and its registry clients. */
    @Override
    public void close() {
        Closeables.closeQuietly("decision index", decisions::close);
        evaluationSerde.close();
        promotionSerde.close();
    }

    private void reportUsage() {
        try {
            metrics.checkpointStore(store.bytesUsed(), store.list().size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not measure the checkpoint store", e);
        }
    }
}
