package io.streamtune.trainer;

import ai.djl.engine.Engine;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.service.Closeables;
import io.streamtune.common.service.ObservableService;
import io.streamtune.common.service.ServiceEndpoint;
import io.streamtune.common.service.ServiceTopics;
import io.streamtune.common.service.Termination;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.internals.LibTorch;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.trainer.core.TaskSession;
import io.streamtune.trainer.kafka.CheckpointIndex;
import io.streamtune.trainer.kafka.CommittedOffsets;
import io.streamtune.trainer.kafka.FairShardQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running trainer: consumes the shards topic as a consumer group and keeps each owned task's model training.
 * What is here is the polling loop; the parts it drives are:
 *
 * <ul>
 *   <li>{@link ShardTraining}: what becomes of each shard record; {@link ShardIntake} decodes and validates it, bad
 *       ones go to {@link Topics#SHARDS_DLQ}.</li>
 *   <li>{@link TaskOwnership}: shards are keyed by task, so each task lives on one partition and the partition's
 *       owner in the group owns the task. Each owned task has its own transactional producer
 *       ({@code <prefix>-<task>}); creating it fences a previous owner (a zombie) and aborts whatever transaction
 *       that one left open. A revoked partition's tasks are dropped with their uncheckpointed work.</li>
 *   <li>{@link CheckpointCommitter}: a checkpoint is snapshotted between shards and written to the store by the
 *       {@link CheckpointWriter} in the background while training goes on; once its files are durable, in one
 *       transaction, its
 *       {@link CheckpointEvent} goes to the checkpoints topic and the shard offsets are committed with the
 *       consumer's group metadata, so the committed state is always "base + exactly the shards of committed
 *       events".</li>
 *   <li>{@link CheckpointHousekeeping}: retention after each commit, partial writes at take-over, interrupted
 *       deletions at start.</li>
 *   <li>{@link LiveTasks} follows the tasks topic; {@link TaskLifecycle} applies its changes between shards
 *       (paused, deleted, changed); {@link ShardFeed} hands out shards round-robin between the tasks with work.</li>
 * </ul>
 *
 * <p><b>Shared partitions.</b> Several tasks may share a partition, and a task's commit must not move the
 * partition offset past another task's trained but uncheckpointed shard: the offset committed is the oldest such
 * shard (see {@link CommittedOffsets}). After a restart a task therefore sees shards its own checkpoint already
 * covers; it skips every shard at or before the last shard its checkpoint lists ({@link TaskSession#covers}), which
 * is exact because a task's shards are in offset order on its partition.
 *
 * <p><b>Broker outages</b> of any length are waited out: fencing, reading the checkpoints topic, committing a
 * checkpoint's transaction, reading committed offsets and dead-lettering are retried with backoff
 * ({@link BrokerRetry}) and the models stay in memory; only fatal errors (fenced, not authorized) stop the trainer.
 *
 * <p><b>Shutdown.</b> {@link #close()} wakes the polling thread, which checkpoints every task with pending shards,
 * then closes producers and the consumer.
 */
public final class TrainerService implements ObservableService {

    /** Topics the trainer reads or writes. */
    public static final List<TopicSpec<?>> TOPICS = List.of(Topics.SHARDS, Topics.SHARDS_DLQ, Topics.CHECKPOINTS,
            Topics.EVALUATIONS, Topics.PROMOTIONS, Topics.TASKS, Topics.TASK_STATUS);

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CATALOG_CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private final TrainerConfig config;
    private final AvroRegistrySerde<CheckpointEvent> checkpointSerde;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ShardIntake intake;
    private final CheckpointIndex index;
    private final CheckpointHousekeeping housekeeping;
    private final TaskOwnership ownership;
    private final CheckpointWriter writer;
    private final CheckpointCommitter committer;
    private final Termination termination = new Termination();
    private final BrokerRetry retry;
    private final ServiceEndpoint endpoint;
    private final KafkaClientMetrics consumerMetrics;
    private final TrainerMetrics metrics;
    private final LiveTasks tasks;
    private final ShardFeed feed;
    private final TaskLifecycle lifecycle;
    private final ShardTraining shards;
    private final Thread loop;

    private TrainerService(TrainerConfig config, TrainerMilestones listener, Clock clock) {
        this.config = config;
        CheckpointStore store = new DirectoryCheckpointStore(config.checkpointDir());
        this.retry = config.brokerRetry(termination::stopRequested);
        this.endpoint = ServiceEndpoint.start(config, "trainer", config.metricsPort(), retry::waitingOnBroker);
        this.metrics = new TrainerMetrics(endpoint.registry());
        this.checkpointSerde = RegistrySerdes.specific(CheckpointEvent.class, Map.copyOf(config.originals()), false);
        this.consumer = new KafkaConsumer<>(config.shardConsumerConfigs(), new StringDeserializer(),
                new ByteArrayDeserializer());
        // The consumer's own metrics (records-lag-max, fetch rates) beside ours, for lag alerts.
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(endpoint.registry());
        this.tasks = LiveTasks.follow(config, endpoint.registry());
        this.intake = new ShardIntake(config, tasks, retry, metrics, clock);
        this.index = new CheckpointIndex(new KafkaConsumer<>(config.readCommittedConsumerConfigs(),
                new StringDeserializer(), checkpointSerde.deserializer()), Topics.CHECKPOINTS.name());
        this.housekeeping = new CheckpointHousekeeping(config, store, index, metrics, CATCH_UP_TIMEOUT);
        FairShardQueue queue = new FairShardQueue(config.bufferedShardsPerTask());
        this.feed = new ShardFeed(consumer, queue);
        this.writer = new CheckpointWriter(store);
        this.ownership = new TaskOwnership(config, store, index, housekeeping, retry, consumer,
                checkpointSerde.serializer(), queue, CATCH_UP_TIMEOUT, writer);
        this.committer = new CheckpointCommitter(store, writer, ownership, consumer::groupMetadata, index, housekeeping,
                retry, metrics, listener, clock);
        this.lifecycle = new TaskLifecycle(tasks, ownership, committer);
        this.shards = new ShardTraining(intake, tasks, ownership, committer, metrics, listener, clock);
        this.loop = new Thread(this::run, "trainer-loop");
    }

    @Override
    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /** Creates the trainer's topics where missing and starts the polling thread. */
    public static TrainerService start(TrainerConfig config) throws InterruptedException {
        return start(config, TrainerMilestones.NONE, Clock.systemUTC());
    }

    /** As {@link #start(TrainerConfig)}, with a listener (tests, benchmarks) and a clock for the time policy. */
    public static TrainerService start(TrainerConfig config, TrainerMilestones listener, Clock clock)
            throws InterruptedException {
        ServiceTopics.provision(config, "trainer", TOPICS);
        Engine engine = Engine.getInstance();
        LOG.info("Trainer starting on {} {} ({} GPU(s) visible, device '{}', threads {}): {}", engine.getEngineName(),
                engine.getVersion(), engine.getGpuCount(), config.trainingDefaults().modelOptions().resolveDevice(),
                threadsDescription(config), config);
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            LOG.warn("OMP_WAIT_POLICY is not set: on shared or oversubscribed cores set OMP_WAIT_POLICY=PASSIVE, "
                    + "spinning OpenMP workers can slow training many times over (README: Trainer service)");
        }
        TrainerService service = new TrainerService(config, listener, clock);
        // A restarted trainer must know every task before it reads shards (else they would wait or dead-letter).
        service.tasks.awaitCaughtUp(CATALOG_CATCH_UP_TIMEOUT);
        service.loop.start();
        return service;
    }

    private static String threadsDescription(TrainerConfig config) {
        String property = System.getProperty("ai.djl.pytorch.num_threads");
        return property != null ? property : config.threads() == 0 ? "engine default" : config.threads() + " (unset)";
    }

    private void run() {
        // libtorch's grad mode is per thread; the engine turns it off only on the thread that loaded it. Training
        // records gradients inside its collector only, so this thread must start with it off too.
        LibTorch.disableGradOnThisThread();
        try {
            housekeeping.recover();
            consumer.subscribe(List.of(Topics.SHARDS.name()), ownership);
            endpoint.health().started();
            while (!termination.stopRequested()) {
                feed.fill(config.pollTimeout());
                // After the poll, which may have waited: a spec changed meanwhile applies before the next shard.
                lifecycle.apply();
                Optional<ConsumerRecord<String, byte[]>> next = feed.next();
                if (next.isPresent()) {
                    shards.handle(next.get());
                    endpoint.health().progressed();
                }
                endpoint.health().beat();
                committer.checkpointDueTasks();
                reportLag();
            }
        } catch (WakeupException e) {
            if (!termination.stopRequested()) {
                failed(e, "Trainer woken up unexpectedly");
            }
        } catch (Exception | Error e) {
            if (termination.stopRequested() && BrokerRetry.isTransient(e)) {
                LOG.info("Trainer stopped while waiting for the broker: {}", e.toString());
            } else {
                failed(e, "Trainer failed; stopping");
            }
        } finally {
            try {
                if (termination.failure() == null) {
                    committer.checkpointAllPending();
                }
            } catch (RuntimeException e) {
                LOG.warn("Final checkpoint failed; the shards since the last one will be trained again", e);
            } finally {
                ownership.dropAll();
                writer.close();
                // Static members stay in the group on close unless told: leave, so a replacement takes over at once.
                Closeables.closeQuietly("consumer", () -> consumer.close(CloseOptions.groupMembershipOperation(
                        CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
                termination.ended();
            }
        }
    }

    private void reportLag() {
        long behind = 0;
        for (TopicPartition partition : consumer.assignment()) {
            long lag = consumer.currentLag(partition).orElse(0);
            metrics.shardsBehind(partition.partition(), lag);
            behind += lag;
        }
        endpoint.health().backlog(behind);
    }

    private void failed(Throwable error, String message) {
        termination.fail(error);
        endpoint.health().failed(error);
        LOG.error(message, error);
    }

    /** Whether the polling thread is still running. */
    public boolean isRunning() {
        return !termination.hasEnded();
    }

    /**
     * Stops: the polling thread finishes the shard in hand, checkpoints what is pending, closes its producers and
     * the consumer (leaving the group); then the endpoint and the registry clients close.
     */
    @Override
    public void close() {
        if (!termination.requestStop()) {
            return;
        }
        endpoint.health().stopping();
        consumer.wakeup();
        try {
            termination.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        intake.close();
        Closeables.closeQuietly("checkpoint index", index::close);
        housekeeping.close();
        checkpointSerde.close();
        consumerMetrics.close();
        Closeables.closeQuietly("task catalog", tasks);
        endpoint.close();
        LOG.info("Trainer stopped");
    }

    @Override
    public boolean awaitTermination() throws InterruptedException {
        return termination.await();
    }
}
