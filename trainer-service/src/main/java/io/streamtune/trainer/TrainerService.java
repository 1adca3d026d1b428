package io.streamtune.trainer;

import ai.djl.engine.Engine;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.config.RunningService;
import io.streamtune.common.kafka.BrokerProbe;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.DeadLetters;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.common.metrics.ServiceHealth;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.internals.LibTorch;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.errors.DecodeDefect;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.core.CheckpointPolicy;
import io.streamtune.trainer.core.ShardRejection;
import io.streamtune.trainer.core.ShardResult;
import io.streamtune.trainer.core.ShardValidator;
import io.streamtune.trainer.core.TaskSession;
import io.streamtune.trainer.core.TaskSettings;
import io.streamtune.trainer.kafka.CheckpointIndex;
import io.streamtune.trainer.kafka.CommittedOffsets;
import io.streamtune.trainer.kafka.DecisionIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running trainer: consumes the shards topic as a consumer group and keeps each owned task's model training.
 *
 * <p><b>Ownership.</b> Shards are keyed by task, so each task lives on one partition, and the partition's owner in
 * the group owns the task. Each owned task has its own transactional producer ({@code <prefix>-<task>}); creating
 * it fences a previous owner (a zombie) and aborts whatever transaction that one left open.
 *
 * <p><b>Crash safety.</b> A checkpoint is written to the store first; then, in one transaction, its
 * {@link CheckpointEvent} goes to the checkpoints topic and the shard offsets are committed with the consumer's
 * group metadata. So whatever a crash interrupts, the committed state is "base + exactly the shards of committed
 * events": before the commit the checkpoint is an orphan no event announces (deleted when the task is next taken
 * over) and the shards are read again; after it both are durable together.
 *
 * <p><b>Shared partitions.</b> Several tasks may share a partition, and a task's commit must not move the
 * partition offset past another task's trained but uncheckpointed shard: the offset committed is the oldest such
 * shard (see {@link CommittedOffsets}). After a restart a task therefore sees shards its own checkpoint already
 * covers; it skips every shard at or before the last shard its checkpoint lists ({@link TaskSession#covers}), which
 * is exact because a task's shards are in offset order on its partition.
 *
 * <p><b>Bad shards</b> (undecodable, empty, unknown task, labels outside the map, no text) go to
 * {@link Topics#SHARDS_DLQ} with the original bytes and a reason, are logged, and the partition moves on. A dead
 * letter is sent outside the checkpoint transactions, so a crash before the next commit can send it twice
 * (at least once); a schema registry outage is not the shard's fault and stops the trainer instead.
 *
 * <p><b>Retention.</b> After each commit {@link CheckpointHousekeeping} deletes the task's checkpoints that no
 * champion, recent champion, pending evaluation or the newest few need, and drops older ones' optimizer state; at
 * take-over it removes the task's partial writes, at start it finishes deletions a crash interrupted.
 *
 * <p><b>Broker outages</b> of any length are waited out: fencing, reading the checkpoints topic, committing a
 * checkpoint's transaction, reading committed offsets and dead-lettering are retried with backoff
 * ({@link BrokerRetry}) and the models stay in memory; only fatal errors (fenced, not authorized) stop the trainer.
 *
 * <p><b>Rebalance and shutdown.</b> A revoked partition's tasks are dropped with their uncheckpointed work (the new
 * owner redoes it from the committed offsets). {@link #close()} wakes the polling thread, which checkpoints every
 * task with pending shards, then closes producers and the consumer.
 */
public final class TrainerService implements RunningService {

    /** Topics the trainer reads or writes. */
    public static final List<TopicSpec<?>> TOPICS = List.of(Topics.SHARDS, Topics.SHARDS_DLQ, Topics.CHECKPOINTS,
            Topics.EVALUATIONS, Topics.PROMOTIONS);

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
    private static final short BROKER_DEFAULT_REPLICATION = -1;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final TrainerConfig config;
    private final TrainerMilestones listener;
    private final Clock clock;
    private final CheckpointStore store;
    private final CheckpointPolicy policy;
    private final ShardValidator validator;
    private final Map<String, String> serviceSettings;
    private final AvroRegistrySerde<TrainingShard> shardSerde;
    private final AvroRegistrySerde<CheckpointEvent> checkpointSerde;
    private final AvroRegistrySerde<DeadLetter> deadLetterSerde;
    private final AvroRegistrySerde<EvaluationEvent> evaluationSerde;
    private final AvroRegistrySerde<PromotionEvent> promotionSerde;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, DeadLetter> deadLetters;
    private final DeadLetters deadLetterBuilder = new DeadLetters(RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES);
    private final CheckpointIndex index;
    private final DecisionIndex decisions;
    private final CheckpointHousekeeping housekeeping;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaClientMetrics consumerMetrics;
    private final TrainerMetrics metrics = new TrainerMetrics(registry);
    private final MetricsServer metricsServer;
    private final BrokerRetry retry;
    private final BrokerProbe probe;
    private final ServiceHealth health;
    /** Owned tasks; touched by the polling thread only (rebalance callbacks run inside its poll). */
    private final Map<String, OwnedTask> owned = new LinkedHashMap<>();
    /** Offset after the last record handled, per owned partition. */
    private final Map<TopicPartition, Long> nextUnhandled = new HashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread loop;
    private volatile boolean running;
    private volatile Throwable failure;

    private TrainerService(TrainerConfig config, TrainerMilestones listener, Clock clock) {
        this.config = config;
        this.listener = listener;
        this.clock = clock;
        this.store = new DirectoryCheckpointStore(config.checkpointDir());
        this.policy = config.checkpointPolicy();
        this.validator = new ShardValidator(config.tasks().values().stream()
                .collect(Collectors.toMap(TaskSettings::task, TaskSettings::labels)));
        this.serviceSettings = Map.of("checkpointEveryShards", Integer.toString(policy.everyShards()),
                "checkpointEveryMs", Long.toString(policy.every().toMillis()));
        Map<String, Object> registryConfig = Map.copyOf(config.originals());
        this.shardSerde = RegistrySerdes.specific(TrainingShard.class, registryConfig, false);
        this.checkpointSerde = RegistrySerdes.specific(CheckpointEvent.class, registryConfig, false);
        this.deadLetterSerde = RegistrySerdes.specific(DeadLetter.class, registryConfig, false);
        this.evaluationSerde = RegistrySerdes.specific(EvaluationEvent.class, registryConfig, false);
        this.promotionSerde = RegistrySerdes.specific(PromotionEvent.class, registryConfig, false);
        this.consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                new ByteArrayDeserializer());
        // The consumer's own metrics (records-lag-max, fetch rates) beside ours, for lag alerts.
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        Map<String, Object> dlq = new HashMap<>(config.clientProperties());
        dlq.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        dlq.put(ProducerConfig.ACKS_CONFIG, "all");
        dlq.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES);
        RecordSizeLimits.requireTopicFits(Topics.SHARDS_DLQ, RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES,
                "RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES");
        dlq.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        this.deadLetters = new KafkaProducer<>(dlq, new StringSerializer(), deadLetterSerde.serializer());
        Map<String, Object> indexProps = new HashMap<>(config.clientProperties());
        indexProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        indexProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.index = new CheckpointIndex(new KafkaConsumer<>(indexProps, new StringDeserializer(),
                checkpointSerde.deserializer()), Topics.CHECKPOINTS.name());
        this.decisions = new DecisionIndex(new KafkaConsumer<>(indexProps, new StringDeserializer(),
                new ByteArrayDeserializer()), evaluationSerde.deserializer(), promotionSerde.deserializer());
        this.housekeeping = new CheckpointHousekeeping(store, config.retentionPolicy(), index, decisions, metrics,
                CATCH_UP_TIMEOUT);
        this.retry = config.brokerRetry(stopping::get);
        this.probe = config.brokerProbe("trainer");
        this.health = config.serviceHealth("trainer", probe, retry::waitingOnBroker);
        this.metricsServer = config.metricsPort() == MetricsServer.DISABLED ? null
                : MetricsServer.start(config.metricsPort(), registry, health);
        this.loop = new Thread(this::run, "trainer-loop");
    }

    /** Creates the trainer's topics where missing and starts the polling thread. */
    public static TrainerService start(TrainerConfig config) throws InterruptedException {
        return start(config, TrainerMilestones.NONE, Clock.systemUTC());
    }

    /** As {@link #start(TrainerConfig)}, with a listener (tests, benchmarks) and a clock for the time policy. */
    public static TrainerService start(TrainerConfig config, TrainerMilestones listener, Clock clock)
            throws InterruptedException {
        try (Admin admin = Admin.create(config.clientProperties())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, BROKER_DEFAULT_REPLICATION);
            config.brokerRetry(() -> false).run("provisioning the trainer's topics", () -> provisioner.ensure(TOPICS));
        }
        Engine engine = Engine.getInstance();
        LOG.info("Trainer starting on {} {} ({} GPU(s) visible, device '{}', threads {}): {}", engine.getEngineName(),
                engine.getVersion(), engine.getGpuCount(), config.tasks().values().iterator().next()
                        .modelOptions().resolveDevice(), threadsDescription(config), config);
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            LOG.warn("OMP_WAIT_POLICY is not set: on shared or oversubscribed cores set OMP_WAIT_POLICY=PASSIVE, "
                    + "spinning OpenMP workers can slow training many times over (README: Trainer service)");
        }
        TrainerService service = new TrainerService(config, listener, clock);
        service.running = true;
        service.loop.start();
        return service;
    }

    private static String threadsDescription(TrainerConfig config) {
        String property = System.getProperty("ai.djl.pytorch.num_threads");
        return property != null ? property : config.threads() == 0 ? "engine default" : config.threads() + " (unset)";
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Shards come from an exactly-once Streams app: never train on an aborted one.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A shard is minutes of work on a large model: fetch one at a time and allow long gaps between polls.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, config.maxPollIntervalMs());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_SHARD_BYTES + 1024 * 1024);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        if (config.groupInstanceId() != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.groupInstanceId());
        }
        props.putAll(config.consumerOverrides());
        return props;
    }

    private KafkaProducer<String, CheckpointEvent> newTransactionalProducer(String task) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId(task));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), checkpointSerde.serializer());
    }

    private void run() {
        // libtorch's grad mode is per thread; the engine turns it off only on the thread that loaded it. Training
        // records gradients inside its collector only, so this thread must start with it off too.
        LibTorch.disableGradOnThisThread();
        try {
            housekeeping.recover();
            consumer.subscribe(List.of(Topics.SHARDS.name()), new Rebalance());
            health.started();
            while (!stopping.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(config.pollTimeout())) {
                    handle(record);
                    health.progressed();
                }
                health.beat();
                checkpointDueTasks();
                reportLag();
            }
        } catch (WakeupException e) {
            if (!stopping.get()) {
                failed(e, "Trainer woken up unexpectedly");
            }
        } catch (Exception | Error e) {
            if (stopping.get() && BrokerRetry.isTransient(e)) {
                LOG.info("Trainer stopped while waiting for the broker: {}", e.toString());
            } else {
                failed(e, "Trainer failed; stopping");
            }
        } finally {
            try {
                if (failure == null) {
                    checkpointAllPending();
                }
            } catch (RuntimeException e) {
                LOG.warn("Final checkpoint failed; the shards since the last one will be trained again", e);
            } finally {
                new ArrayList<>(owned.values()).forEach(this::drop);
                // Static members stay in the group on close unless told: leave, so a replacement takes over at once.
                closeQuietly("consumer", () -> consumer.close(CloseOptions.groupMembershipOperation(
                        CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
                running = false;
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws IOException {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (DecodeDefect.isMissing(record.value())) {
            deadLetter(record, new ShardRejection(ShardRejection.Code.NO_VALUE, "record has no value"));
            return;
        }
        TrainingShard shard;
        try {
            shard = shardSerde.deserializer().deserialize(record.topic(), record.headers(), record.value());
        } catch (RegistryUnavailableException | RegistryRequestException e) {
            throw new IllegalStateException("Schema registry failed while decoding a shard; not the shard's fault, "
                    + "so nothing is dead-lettered", e);
        } catch (RuntimeException e) {
            DecodeDefect defect = e instanceof SerializationException serde ? DecodeDefect.of(serde)
                    : DecodeDefect.MALFORMED_AVRO;
            deadLetter(record, new ShardRejection(ShardRejection.Code.valueOf(defect.name()),
                    "not a TrainingShard in the registry wire format: " + e.getMessage()));
            return;
        }
        var rejection = validator.check(record.key(), shard);
        if (rejection.isPresent()) {
            deadLetter(record, rejection.get());
            return;
        }
        OwnedTask task = owned.get(shard.getTask());
        if (task == null) {
            task = takeOver(shard.getTask(), partition);
        }
        if (task.session.covers(record.topic(), record.partition(), record.offset())) {
            LOG.info("Skipping shard {} at {}@{}: task {}'s checkpoint {} already covers it", shard.getShardId(),
                    partition, record.offset(), task.session.task(), task.session.parentCheckpointId());
            metrics.shardSkipped(task.session.task());
            handled(partition, record.offset());
            return;
        }
        OffsetRange at = OffsetRange.newBuilder().setTopic(record.topic()).setPartition(record.partition())
                .setFirstOffset(record.offset()).setLastOffset(record.offset()).build();
        ShardResult result = task.session.train(shard, at, clock.instant());
        metrics.shardTrained(task.session.task(), result);
        LOG.info("Task {} trained shard {} ({} new + {} replayed examples, {} steps, loss {}, {} ex/s, step {}{})",
                task.session.task(), result.shardId(), result.newExamples(), result.replayedExamples(),
                result.steps(), String.format("%.4f", result.meanLoss()),
                String.format("%.1f", result.examplesPerSecond()), result.globalStep(),
                result.plateau() ? ", loss on a plateau" : "");
        handled(partition, record.offset());
        listener.onShardTrained(task.session.task(), result);
        if (policy.due(task.session.pendingShards().size(), task.session.firstPendingAt(), clock.instant())) {
            checkpoint(task);
        }
    }

    private void handled(TopicPartition partition, long offset) {
        nextUnhandled.put(partition, offset + 1);
    }

    /**
     * Takes over a task: fences its previous owner, reads the checkpoints topic to its end, deletes the task's
     * orphaned checkpoint files, and resumes from the newest committed checkpoint (or the base model).
     */
    private OwnedTask takeOver(String taskName, TopicPartition partition) throws IOException {
        TaskSettings settings = config.tasks().get(taskName);
        KafkaProducer<String, CheckpointEvent> producer = newTransactionalProducer(taskName);
        TaskSession session = null;
        try {
            retry.run("fencing the previous owner of task " + taskName, producer::initTransactions);
            retry.run("reading the checkpoints topic", () -> index.catchUp(CATCH_UP_TIMEOUT));
            housekeeping.takeOver(taskName);
            for (String orphan : TaskSession.orphans(store, taskName, index.committedLocations(taskName))) {
                LOG.info("Deleting orphaned checkpoint {}: written but never announced (a crash or a fenced "
                        + "trainer before its transaction committed)", orphan);
                store.delete(orphan);
            }
            var latest = index.latest(taskName);
            session = latest.isPresent() ? TaskSession.resume(settings, store, latest.get())
                    : TaskSession.fromBase(settings);
            LOG.info("Task {} taken over on {}: {} at global step {}, {} examples seen", taskName, partition,
                    latest.map(e -> "resumed from checkpoint " + e.getCheckpointId()).orElse("starting from base model "
                            + settings.baseModel().id()), session.globalStep(), session.examplesSeen());
            OwnedTask task = new OwnedTask(session, producer, partition);
            owned.put(taskName, task);
            return task;
        } catch (RuntimeException | IOException e) {
            if (session != null) {
                session.close();
            }
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    private void checkpointDueTasks() throws IOException {
        Instant now = clock.instant();
        for (OwnedTask task : new ArrayList<>(owned.values())) {
            if (owned.containsValue(task)
                    && policy.due(task.session.pendingShards().size(), task.session.firstPendingAt(), now)) {
                checkpoint(task);
            }
        }
    }

    private void checkpointAllPending() {
        for (OwnedTask task : new ArrayList<>(owned.values())) {
            if (owned.containsValue(task) && !task.session.pendingShards().isEmpty()) {
                try {
                    checkpoint(task);
                } catch (IOException e) {
                    LOG.warn("Final checkpoint of task {} failed; its shards since the last one will be trained "
                            + "again", task.session.task(), e);
                }
            }
        }
    }

    /** Store first, then event and offsets in one transaction; on failure the partition rewinds. */
    private void checkpoint(OwnedTask task) throws IOException {
        long started = System.nanoTime();
        String name = task.session.task();
        CheckpointEvent event = task.session.writeCheckpoint(store, serviceSettings, clock.instant());
        listener.onCheckpointWritten(event);
        long offset = CommittedOffsets.safeToCommit(nextUnhandled.get(task.partition), owned.values().stream()
                .filter(other -> other != task && other.partition.equals(task.partition))
                .map(other -> other.session.firstPendingOffset()).filter(Objects::nonNull).toList());
        try {
            task.producer.beginTransaction();
            task.producer.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), name, event));
            task.producer.sendOffsetsToTransaction(Map.of(task.partition, new OffsetAndMetadata(offset)),
                    consumer.groupMetadata());
            // A commit that timed out may be tried again (the producer keeps its outcome): the work is kept.
            retry.run("committing checkpoint " + event.getCheckpointId() + " of task " + name,
                    task.producer::commitTransaction);
        } catch (KafkaException e) {
            // Fenced by a newer owner of the task, or an abortable failure: this instance drops the task's work.
            LOG.warn("Checkpoint {} of task {} could not be committed ({}); discarding it and rewinding {} to its "
                    + "committed offset", event.getCheckpointId(), name, e.toString(), task.partition);
            deleteQuietly(event.getLocation());
            rewind(task.partition);
            return;
        }
        task.session.committed(event);
        index.add(event);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.checkpointCommitted(name, took);
        LOG.info("Task {} checkpoint {} committed: {} shard(s), step {}, loss {}, offset {} of {} committed, took {} ms",
                name, event.getCheckpointId(), event.getShards().size(), event.getGlobalStep(),
                String.format("%.4f", event.getTrainLoss()), offset, task.partition, took.toMillis());
        housekeeping.afterCommit(event);
        listener.onCheckpointCommitted(event);
    }

    /**
     * After a failed commit the models of the partition's tasks are ahead of the committed offsets: drop them all
     * and read the partition again from its committed offset, so nothing is lost and nothing counts twice.
     */
    private void rewind(TopicPartition partition) {
        owned.values().stream().filter(task -> task.partition.equals(partition)).toList().forEach(this::drop);
        nextUnhandled.remove(partition);
        if (!consumer.assignment().contains(partition)) {
            return;
        }
        OffsetAndMetadata committed = retry.call("reading the committed offset of " + partition,
                () -> consumer.committed(Set.of(partition))).get(partition);
        if (committed == null) {
            consumer.seekToBeginning(List.of(partition));
        } else {
            consumer.seek(partition, committed.offset());
        }
    }

    private void drop(OwnedTask task) {
        owned.remove(task.session.task());
        if (!task.session.pendingShards().isEmpty()) {
            LOG.info("Dropping task {} with {} uncheckpointed shard(s); they will be trained again from the "
                    + "committed offsets", task.session.task(), task.session.pendingShards().size());
        }
        closeQuietly("producer of task " + task.session.task(), () -> task.producer.close(CLOSE_TIMEOUT));
        closeQuietly("model of task " + task.session.task(), task.session::close);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, ShardRejection rejection) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        // Bounded by construction: a shard too large to carry whole goes as RECORD_TOO_LARGE (size, hash, prefix).
        DeadLetter letter = deadLetterBuilder.refused(rejection.code().name(), rejection.explanation(), key,
                record.value(), record.headers(),
                new DeadLetters.Source(record.topic(), record.partition(), record.offset()), clock.instant());
        // Synchronous: the partition may only move past the shard once its dead letter is durable.
        retry.run("dead-lettering the shard at " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> deadLetters.send(new ProducerRecord<>(Topics.SHARDS_DLQ.name(), record.key(), letter)).get());
        metrics.shardDeadLettered(letter.getReasonCode());
        LOG.warn("Dead-lettered shard at {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(),
                letter.getReasonCode(), letter.getReasonText());
        handled(new TopicPartition(record.topic(), record.partition()), record.offset());
    }

    private void reportLag() {
        long behind = 0;
        for (TopicPartition partition : consumer.assignment()) {
            long lag = consumer.currentLag(partition).orElse(0);
            metrics.shardsBehind(partition.partition(), lag);
            behind += lag;
        }
        health.backlog(behind);
    }

    private void failed(Throwable error, String message) {
        failure = error;
        health.failed(error);
        LOG.error(message, error);
    }

    private void deleteQuietly(String location) {
        try {
            store.delete(location);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete uncommitted checkpoint {}; it is ignored and removed at the next take-over",
                    location, e);
        }
    }

    private static void closeQuietly(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.warn("Closing the {} failed", what, e);
        }
    }

    /** Port of the metrics endpoint, or {@link MetricsServer#DISABLED}. */
    public int metricsPort() {
        return metricsServer == null ? MetricsServer.DISABLED : metricsServer.port();
    }

    /** The meters, for callers that read them in-process (tests, benchmarks). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Whether the polling thread is still running. */
    public boolean isRunning() {
        return running;
    }

    /**
     * Blocks until the polling thread ends, by {@link #close()} or by failure.
     *
     * @return {@code true} when it ended because it failed
     */
    @Override
    public boolean awaitTermination() throws InterruptedException {
        loop.join();
        return failure != null;
    }

    /**
     * Stops: the polling thread finishes the shard in hand, checkpoints what is pending, closes its producers and
     * the consumer (leaving the group); then the endpoint and the registry clients close.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping.set(true);
        health.stopping();
        consumer.wakeup();
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly("dead-letter producer", () -> deadLetters.close(CLOSE_TIMEOUT));
        closeQuietly("checkpoint index", index::close);
        closeQuietly("decision index", decisions::close);
        if (metricsServer != null) {
            metricsServer.close();
        }
        probe.close();
        List.of(shardSerde, checkpointSerde, deadLetterSerde, evaluationSerde, promotionSerde)
                .forEach(AvroRegistrySerde::close);
        consumerMetrics.close();
        registry.close();
        LOG.info("Trainer stopped");
    }

    /** Drops the tasks of partitions this trainer no longer owns. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("Assigned shard partitions {}", partitions);
            }
        }

        private void release(Collection<TopicPartition> partitions) {
            owned.values().stream().filter(task -> partitions.contains(task.partition)).toList()
                    .forEach(TrainerService.this::drop);
            partitions.forEach(nextUnhandled::remove);
            if (!partitions.isEmpty()) {
                LOG.info("Released shard partitions {}", partitions);
            }
        }
    }

    private record OwnedTask(TaskSession session, KafkaProducer<String, CheckpointEvent> producer,
            TopicPartition partition) {
    }
}
