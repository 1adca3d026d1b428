package io.streamtune.evaluator;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.BrokerProbe;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.TransactionErrors;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.common.metrics.ServiceHealth;
import io.streamtune.common.config.RunningService;
import io.streamtune.evaluator.gate.Gate;
import io.streamtune.evaluator.ops.TopicReplay;
import io.streamtune.evaluator.scoring.BaseModelFactory;
import io.streamtune.evaluator.scoring.ModelScorer;
import io.streamtune.evaluator.scoring.PretrainedBaseModel;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running evaluator: one loop thread that judges each announced checkpoint and publishes the decision.
 *
 * <p>On start it re-reads {@code examples.validation} and {@code promotions} from the beginning (read_committed) to
 * rebuild every task's validation set and champion, then joins its consumer group on {@code checkpoints}. For each
 * checkpoint it brings that state up to date, scores candidate and champion, and publishes the
 * {@link EvaluationEvent} and, when the candidate wins, the {@link PromotionEvent} (key = task) in one transaction
 * together with the checkpoint's consumed offset. A crash before the commit aborts all three, so a restart judges
 * the checkpoint again and never publishes a second promotion for it; a crash after it finds the offset committed.
 *
 * <p><b>Broker outages</b> of any length are waited out: every blocking call (provisioning, the transactions, offsets
 * while catching up) is retried with backoff by a {@link BrokerRetry}, keeping the state already built. Only fatal
 * errors stop the loop: a fenced producer or static member (another evaluator took over), a refused login or ACL.
 */
public final class EvaluatorService implements RunningService {

    /** Topics the evaluator reads or writes. */
    public static final List<TopicSpec<?>> TOPICS =
            List.of(Topics.EXAMPLES_VALIDATION, Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.PROMOTIONS);

    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    /** Replication factor -1 lets the brokers' default.replication.factor decide. */
    private static final short BROKER_DEFAULT_REPLICATION = -1;

    private final EvaluatorConfig config;
    private final Clock clock;
    private final Evaluator evaluator;
    private final TaskState state;
    private final PrometheusMeterRegistry registry;
    private final KafkaClientMetrics consumerMetrics;
    private final EvaluatorMetrics metrics;
    private final AvroRegistrySerde<CheckpointEvent> checkpointSerde;
    private final AvroRegistrySerde<LabeledExample> exampleSerde;
    private final AvroRegistrySerde<EvaluationEvent> evaluationSerde;
    private final AvroRegistrySerde<PromotionEvent> promotionSerde;
    private final KafkaConsumer<String, byte[]> checkpoints;
    private final KafkaConsumer<String, byte[]> stateConsumer;
    private final KafkaProducer<String, byte[]> producer;
    private final MetricsServer metricsServer;
    private final BrokerRetry retry;
    private final BrokerProbe probe;
    private final ServiceHealth health;
    private final Thread loop;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean ready;
    private volatile Throwable failure;

    private EvaluatorService(EvaluatorConfig config, BaseModelFactory baseModel, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.state = new TaskState(config.anchorSize(), config.recentSize());
        this.evaluator = new Evaluator(new Gate(config.gatePolicy()),
                new ModelScorer(new DirectoryCheckpointStore(config.checkpointStoreDir()), baseModel,
                        config.device(), config.batchSize()), clock);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new EvaluatorMetrics(registry, clock);
        Map<String, Object> registryConfig = Map.copyOf(config.originals());
        this.checkpointSerde = RegistrySerdes.specific(CheckpointEvent.class, registryConfig, false);
        this.exampleSerde = RegistrySerdes.specific(LabeledExample.class, registryConfig, false);
        this.evaluationSerde = RegistrySerdes.specific(EvaluationEvent.class, registryConfig, false);
        this.promotionSerde = RegistrySerdes.specific(PromotionEvent.class, registryConfig, false);
        this.checkpoints = new KafkaConsumer<>(checkpointConsumerProperties(config), new StringDeserializer(),
                new ByteArrayDeserializer());
        // The checkpoint consumer's own metrics (records-lag-max, fetch rates) beside ours, for lag alerts.
        this.consumerMetrics = new KafkaClientMetrics(checkpoints);
        consumerMetrics.bindTo(registry);
        this.stateConsumer = new KafkaConsumer<>(stateConsumerProperties(config), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(producerProperties(config), new StringSerializer(),
                new ByteArraySerializer());
        this.loop = new Thread(this::run, "evaluator-loop");
        this.retry = config.brokerRetry(closing::get);
        this.probe = config.brokerProbe("evaluator");
        this.health = config.serviceHealth("evaluator", probe, retry::waitingOnBroker);
        this.metricsServer = config.metricsPort() == MetricsServer.DISABLED ? null
                : MetricsServer.start(config.metricsPort(), registry, health);
    }

    /** Creates the topics where missing and starts the loop with the configured base model. */
    public static EvaluatorService start(EvaluatorConfig config) throws InterruptedException {
        BaseModelFactory base = config.baseModelOnnx() == null ? PretrainedBaseModel.allMiniLmL6V2()
                : new PretrainedBaseModel(config.baseModelOnnx().getFileName().toString(),
                        () -> BaseModel.fromFiles(config.baseModelOnnx(), config.baseModelTokenizer(),
                                config.baseModelHeads()));
        return start(config, base, Clock.systemUTC());
    }

    /** Creates the topics where missing and starts the loop; {@code baseModel} builds the initial champion. */
    public static EvaluatorService start(EvaluatorConfig config, BaseModelFactory baseModel, Clock clock)
            throws InterruptedException {
        try (Admin admin = Admin.create(config.clientProperties())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, BROKER_DEFAULT_REPLICATION);
            config.brokerRetry(() -> false).run("provisioning the evaluator's topics", () -> provisioner.ensure(TOPICS));
        }
        EvaluatorService service = new EvaluatorService(config, baseModel, clock);
        service.loop.start();
        LOG.info("Evaluator service started: {}", config);
        return service;
    }

    /** Whether the start-up replay is done and checkpoints are being judged. */
    public boolean isReady() {
        return ready;
    }

    /** Port of the metrics endpoint, or {@link MetricsServer#DISABLED}. */
    public int metricsPort() {
        return metricsServer == null ? MetricsServer.DISABLED : metricsServer.port();
    }

    /** The meters, for callers that read them in-process (tests). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Blocks until the loop stops, by {@link #close()} or by failure.
     *
     * @return {@code true} when it stopped because it failed
     */
    @Override
    public boolean awaitTermination() throws InterruptedException {
        terminated.await();
        return failure != null;
    }

    private void run() {
        try {
            retry.run("initialising the evaluator's transactions", producer::initTransactions);
            retry.run("listing the partitions of the validation and promotions topics", this::assignStateTopics);
            catchUp();
            checkpoints.subscribe(List.of(Topics.CHECKPOINTS.name()));
            ready = true;
            health.started();
            LOG.info("Evaluator ready: {} task(s) with validation data", state.tasks().size());
            while (!closing.get()) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                checkpoints.poll(POLL).forEach(batch::add);
                health.beat();
                catchUp();
                for (ConsumerRecord<String, byte[]> record : batch) {
                    if (!decide(record)) {
                        break; // rewound to this record: the next poll starts from it again
                    }
                    health.progressed();
                }
                health.backlog(checkpointLag());
            }
        } catch (WakeupException e) {
            if (!closing.get()) {
                failed(e, "Evaluator woken up unexpectedly");
            }
        } catch (Throwable e) {
            if (closing.get() && BrokerRetry.isTransient(e)) {
                LOG.info("Evaluator stopped while waiting for the broker: {}", e.toString());
            } else {
                failed(e, "Evaluator failed; stopping");
            }
        } finally {
            ready = false;
            // Static members stay in the group on close unless told: leave, so a replacement takes over at once.
            closeQuietly(() -> checkpoints.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP)), "checkpoint consumer");
            closeQuietly(stateConsumer::close, "state consumer");
            closeQuietly(() -> producer.close(Duration.ofSeconds(10)), "producer");
            terminated.countDown();
        }
    }

    private void failed(Throwable error, String message) {
        failure = error;
        health.failed(error);
        LOG.error(message, error);
    }

    private long checkpointLag() {
        long lag = 0;
        for (TopicPartition partition : checkpoints.assignment()) {
            lag += checkpoints.currentLag(partition).orElse(0);
        }
        return lag;
    }

    /**
     * Judges one checkpoint and commits its decision with its offset.
     *
     * @return false when the transaction was aborted and the consumer rewound to this record
     */
    private boolean decide(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        CheckpointEvent event = decodeCheckpoint(record);
        Evaluator.Outcome outcome = null;
        Instant started = clock.instant();
        if (event != null) {
            outcome = evaluator.evaluate(event, state.champion(event.getTask()), state.validationSet(event.getTask()));
        }
        // Encoded before the transaction: a registry failure stops the service (a restart resumes here) instead
        // of aborting and re-scoring the same checkpoint in a loop.
        List<ProducerRecord<String, byte[]>> decision = new ArrayList<>();
        if (outcome != null) {
            String evaluations = Topics.EVALUATIONS.name();
            decision.add(new ProducerRecord<>(evaluations, event.getTask(),
                    evaluationSerde.serializer().serialize(evaluations, outcome.evaluation())));
            if (outcome.promotion() != null) {
                String promotions = Topics.PROMOTIONS.name();
                decision.add(new ProducerRecord<>(promotions, event.getTask(),
                        promotionSerde.serializer().serialize(promotions, outcome.promotion())));
            }
        }
        try {
            producer.beginTransaction();
            decision.forEach(producer::send);
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)),
                    checkpoints.groupMetadata());
            // A commit that timed out may be tried again (the producer keeps its outcome); an abort here could not.
            retry.run("committing the decision on " + partition, producer::commitTransaction);
        } catch (KafkaException e) {
            if (TransactionErrors.isFatal(e) || closing.get()) {
                // Another evaluator took over this transactional id, or the cluster refuses us: stop.
                throw e;
            }
            // Abortable (a send that timed out, a transaction the coordinator timed out during an outage, a
            // rebalance): abort and judge the checkpoint again once it is ours.
            LOG.warn("Publishing the decision on {} failed; aborting and judging it again", partition, e);
            retry.run("aborting the decision on " + partition, producer::abortTransaction);
            if (checkpoints.assignment().contains(partition)) {
                checkpoints.seek(partition, record.offset());
            }
            return false;
        }
        if (outcome != null) {
            metrics.evaluated(event.getTask(), outcome.decision(), outcome.evaluation().getCandidateUnavailable(),
                    Duration.between(started, clock.instant()));
            if (outcome.promotion() != null) {
                state.promoted(outcome.promotion());
                metrics.promoted(event.getTask(), outcome.promotion().getKind());
                metrics.championIs(event.getTask(), outcome.promotion().getPromotedAt());
            }
        }
        return true;
    }

    private CheckpointEvent decodeCheckpoint(ConsumerRecord<String, byte[]> record) {
        try {
            return checkpointSerde.deserializer().deserialize(record.topic(), record.headers(), record.value());
        } catch (RegistryUnavailableException | RegistryRequestException e) {
            // Not the record's fault: stop rather than skip a good checkpoint; a restart resumes here.
            throw e;
        } catch (SerializationException e) {
            LOG.error("Skipping undecodable checkpoint record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            metrics.undecodable();
            return null;
        }
    }

    /** Reads {@code examples.validation} and {@code promotions} from the beginning, on every start. */
    private void assignStateTopics() {
        TopicReplay.assignFromBeginning(stateConsumer,
                List.of(Topics.EXAMPLES_VALIDATION.name(), Topics.PROMOTIONS.name()));
    }

    /** Consumes the state topics up to their current (last stable) end offsets, waiting out broker outages. */
    private void catchUp() {
        retry.run("catching up with the validation and promotions topics",
                () -> TopicReplay.untilEnd(stateConsumer, () -> {
                    health.beat();
                    return closing.get();
                }, this::apply));
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(Topics.PROMOTIONS.name())) {
                PromotionEvent promotion = promotionSerde.deserializer().deserialize(record.topic(),
                        record.headers(), record.value());
                if (promotion != null) {
                    state.promoted(promotion);
                    metrics.championIs(promotion.getTask(), promotion.getPromotedAt());
                }
            } else {
                LabeledExample example = exampleSerde.deserializer().deserialize(record.topic(), record.headers(),
                        record.value());
                if (example != null) {
                    state.addValidation(example);
                }
            }
        } catch (RegistryUnavailableException | RegistryRequestException e) {
            throw e;
        } catch (SerializationException e) {
            LOG.error("Skipping undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    /** Finishes the checkpoint in hand (its transaction commits), then stops the loop, endpoint and serdes. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        health.stopping();
        checkpoints.wakeup();
        stateConsumer.wakeup();
        try {
            if (loop.isAlive() && !terminated.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Evaluator loop did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        probe.close();
        List.of(checkpointSerde, exampleSerde, evaluationSerde, promotionSerde).forEach(AvroRegistrySerde::close);
        consumerMetrics.close();
        registry.close();
        LOG.info("Evaluator service stopped");
    }

    private static Map<String, Object> checkpointConsumerProperties(EvaluatorConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One checkpoint per poll: scoring one takes seconds to minutes, and each is its own transaction.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-checkpoints");
        if (config.groupInstanceId() != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.groupInstanceId());
        }
        props.putAll(config.consumerOverrides());
        return props;
    }

    private static Map<String, Object> stateConsumerProperties(EvaluatorConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        // No group: every instance reads the whole validation stream and every promotion.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-state");
        return props;
    }

    private static Map<String, Object> producerProperties(EvaluatorConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.transactionalId() + "-producer");
        // Evaluations and promotions are small events; their bound lives with every other size limit.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_EVENT_BYTES);
        return props;
    }

    private static void closeQuietly(Runnable close, String what) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.warn("Closing the {} failed", what, e);
        }
    }
}
