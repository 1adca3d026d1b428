package io.streamtune.evaluator;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.metrics.ServiceHealth;
import io.streamtune.common.service.Closeables;
import io.streamtune.common.service.ObservableService;
import io.streamtune.common.service.ServiceEndpoint;
import io.streamtune.common.service.ServiceTopics;
import io.streamtune.common.service.Termination;
import io.streamtune.evaluator.drift.DriftWatch;
import io.streamtune.evaluator.gate.Gate;
import io.streamtune.evaluator.scoring.BaseModelFactory;
import io.streamtune.evaluator.scoring.ModelScorer;
import io.streamtune.evaluator.scoring.PretrainedBaseModel;
import io.streamtune.evaluator.scoring.ReferencedBaseModel;
import io.streamtune.evaluator.scoring.TaskBaseModels;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DriftEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * <p>On start it follows the {@code tasks} topic ({@link TaskFollower}: each task's gate and validation sizes come
 * from its spec, {@link EvaluationSettings}; a paused or deleted task's checkpoints are skipped), re-reads
 * {@code examples.validation} and {@code promotions} from the beginning (read_committed) to rebuild every task's
 * validation set and champion, then joins its consumer group on {@code checkpoints}. For each checkpoint it brings
 * that state up to date ({@link StateTopics}), scores candidate and champion ({@link Evaluator}), computes the task's
 * drift signals from the same scores ({@link DriftWatch}), and publishes the {@link EvaluationEvent}, when the
 * candidate wins the {@link PromotionEvent}, and a {@link DriftEvent} per signal whose level changed (key = task) in
 * one transaction together with the checkpoint's consumed offset ({@link DecisionPublisher}). A crash before the
 * commit aborts them all, so a restart judges the checkpoint again and never publishes a second promotion for it; a
 * crash after it finds the offset committed.
 *
 * <p><b>Broker outages</b> of any length are waited out: every blocking call (provisioning, the transactions, offsets
 * while catching up) is retried with backoff by a {@link BrokerRetry}, keeping the state already built. Only fatal
 * errors stop the loop: a fenced producer or static member (another evaluator took over), a refused login or ACL.
 */
public final class EvaluatorService implements ObservableService {

    /** Topics the evaluator reads or writes. */
    public static final List<TopicSpec<?>> TOPICS =
            List.of(Topics.TASKS, Topics.TASK_STATUS, Topics.EXAMPLES_VALIDATION, Topics.CHECKPOINTS,
                    Topics.EVALUATIONS, Topics.PROMOTIONS, Topics.DRIFT);

    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    // A bound on the start's wait for the task catalog (TaskFollower#awaitCaughtUp says why it waits).
    private static final Duration CATALOG_CATCH_UP = Duration.ofSeconds(30);

    private final Clock clock;
    private final CheckpointJudge judge;
    private final TaskState state;
    private final KafkaClientMetrics consumerMetrics;
    private final EvaluatorMetrics metrics;
    private final EvaluatorSerdes serdes;
    private final KafkaConsumer<String, byte[]> checkpoints;
    private final KafkaConsumer<String, byte[]> stateConsumer;
    private final KafkaProducer<String, byte[]> producer;
    private final StateTopics stateTopics;
    private final DecisionPublisher publisher;
    private final ServiceEndpoint endpoint;
    private final ServiceHealth health;
    private final TaskFollower tasks;
    private final Thread loop;
    private final Termination termination = new Termination();
    private volatile boolean ready;

    private EvaluatorService(EvaluatorConfig config, BaseModelFactory baseModel, Clock clock) {
        this.clock = clock;
        EvaluationSettings defaults = EvaluationSettings.defaults(config);
        this.state = new TaskState(defaults);
        Evaluator evaluator = new Evaluator(new Gate(config.gatePolicy()),
                new ModelScorer(new DirectoryCheckpointStore(config.checkpointDir()), baseModel,
                        config.device(), config.batchSize()), clock);
        DriftWatch drift = new DriftWatch(config.driftSettings());
        this.judge = new CheckpointJudge(evaluator, state, new TaskBaseModels(baseModel), drift);
        BrokerRetry retry = config.brokerRetry(termination::stopRequested);
        this.endpoint = ServiceEndpoint.start(config, "evaluator", config.metricsPort(), retry::waitingOnBroker);
        this.health = endpoint.health();
        PrometheusMeterRegistry registry = endpoint.registry();
        this.metrics = new EvaluatorMetrics(registry, clock);
        this.serdes = EvaluatorSerdes.of(Map.copyOf(config.originals()));
        this.checkpoints = new KafkaConsumer<>(config.checkpointConsumerConfigs(), new StringDeserializer(),
                new ByteArrayDeserializer());
        // The checkpoint consumer's own metrics (records-lag-max, fetch rates) beside ours, for lag alerts.
        this.consumerMetrics = new KafkaClientMetrics(checkpoints);
        consumerMetrics.bindTo(registry);
        this.stateConsumer = new KafkaConsumer<>(config.stateConsumerConfigs(), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(config.decisionProducerConfigs(), new StringSerializer(),
                new ByteArraySerializer());
        this.stateTopics = new StateTopics(stateConsumer, serdes.examples().deserializer(), serdes.promotions().deserializer(),
                state, metrics, retry, drift::observe);
        this.publisher = new DecisionPublisher(producer, serdes.evaluations().serializer(), serdes.promotions().serializer(),
                serdes.drift().serializer(), retry, termination::stopRequested);
        this.tasks = new TaskFollower(config, defaults, registry);
        this.loop = new Thread(this::run, "evaluator-loop");
    }

    @Override
    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /** Creates the topics where missing and starts the loop with the configured base model. */
    public static EvaluatorService start(EvaluatorConfig config) throws InterruptedException {
        BaseModelFactory base = config.baseModelOnnx() == null ? new ReferencedBaseModel(config.baseModel())
                : new PretrainedBaseModel(config.baseModelOnnx().getFileName().toString(),
                        () -> BaseModel.fromFiles(config.baseModelOnnx(), config.baseModelTokenizer(),
                                config.baseModelHeads()));
        return start(config, base, Clock.systemUTC());
    }

    /** Creates the topics where missing and starts the loop; {@code baseModel} builds the initial champion. */
    public static EvaluatorService start(EvaluatorConfig config, BaseModelFactory baseModel, Clock clock)
            throws InterruptedException {
        ServiceTopics.provision(config, "evaluator", TOPICS);
        EvaluatorService service = new EvaluatorService(config, baseModel, clock);
        service.loop.start();
        LOG.info("Evaluator service started: {}", config);
        return service;
    }

    /** Whether the start-up replay is done and checkpoints are being judged. */
    public boolean isReady() {
        return ready;
    }

    private void run() {
        try {
            publisher.initTransactions();
            tasks.awaitCaughtUp(CATALOG_CATCH_UP);
            tasks.applyChanges(state, judge::forget);
            stateTopics.assignFromBeginning();
            catchUp();
            checkpoints.subscribe(List.of(Topics.CHECKPOINTS.name()));
            ready = true;
            health.started();
            LOG.info("Evaluator ready: {} task(s) with validation data {}", state.tasks().size(), state.tasks().stream()
                    .map(t -> t + ": " + state.validationSet(t).describeCounts()).sorted().toList());
            while (!termination.stopRequested()) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                checkpoints.poll(POLL).forEach(batch::add);
                health.beat();
                tasks.applyChanges(state, judge::forget);
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
            if (!termination.stopRequested()) {
                failed(e, "Evaluator woken up unexpectedly");
            }
        } catch (Throwable e) {
            if (termination.stopRequested() && BrokerRetry.isTransient(e)) {
                LOG.info("Evaluator stopped while waiting for the broker: {}", e.toString());
            } else {
                failed(e, "Evaluator failed; stopping");
            }
        } finally {
            ready = false;
            // Static members stay in the group on close unless told: leave, so a replacement takes over at once.
            Closeables.closeQuietly("checkpoint consumer", () -> checkpoints.close(CloseOptions
                    .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
            Closeables.closeQuietly("state consumer", stateConsumer);
            Closeables.closeQuietly("producer", () -> producer.close(Duration.ofSeconds(10)));
            termination.ended();
        }
    }

    private void failed(Throwable error, String message) {
        termination.fail(error);
        health.failed(error);
        LOG.error(message, error);
    }

    private void catchUp() {
        stateTopics.catchUp(() -> {
            health.beat();
            return termination.stopRequested();
        });
        metrics.validationExamples(state.heldExamples());
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
        CheckpointEvent event = decodeCheckpoint(record);
        String task = event == null ? null : event.getTask();
        TaskState.SkipReason skipped = task == null ? null : state.skipReason(task);
        Instant started = clock.instant();
        CheckpointJudge.Judgement judgement = event != null && skipped == null ? judge.judge(event)
                : CheckpointJudge.Judgement.none(task);
        if (!publisher.publish(record, task, judgement.outcome(), judgement.drift().events(), checkpoints)) {
            return false;
        }
        judge.published(judgement.drift());
        if (skipped != null) {
            // Skipped, not deferred: holding the offset would stall every task on the partition, and the trainer's
            // next checkpoint after a resume holds this one's training anyway.
            LOG.info("Task {}: checkpoint {} not evaluated, the task is {}", task, event.getCheckpointId(),
                    skipped.name().toLowerCase(Locale.ROOT));
            metrics.skipped(task, skipped);
        }
        if (judgement.outcome() != null) {
            committed(task, judgement, Duration.between(started, clock.instant()));
        }
        return true;
    }

    /** Counts a committed decision and follows its promotion. */
    private void committed(String task, CheckpointJudge.Judgement judgement, Duration took) {
        Evaluator.Outcome outcome = judgement.outcome();
        metrics.evaluated(task, outcome.decision(), outcome.evaluation().getCandidateUnavailable(), took);
        metrics.drift(task, judgement.drift().signals(), judgement.drift().changed());
        if (outcome.promotion() != null) {
            state.promoted(outcome.promotion());
            metrics.promoted(task, outcome.promotion().getKind());
            metrics.championIs(task, outcome.promotion().getPromotedAt());
        }
    }

    private CheckpointEvent decodeCheckpoint(ConsumerRecord<String, byte[]> record) {
        try {
            return serdes.checkpoints().deserializer().deserialize(record.topic(), record.headers(), record.value());
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

    /** Finishes the checkpoint in hand (its transaction commits), then stops the loop, endpoint and serdes. */
    @Override
    public void close() {
        if (!termination.requestStop()) {
            return;
        }
        health.stopping();
        checkpoints.wakeup();
        stateConsumer.wakeup();
        try {
            if (loop.isAlive() && !termination.await(CLOSE_TIMEOUT)) {
                LOG.warn("Evaluator loop did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Closeables.closeQuietly("task catalog", tasks);
        serdes.close();
        consumerMetrics.close();
        endpoint.close();
        LOG.info("Evaluator service stopped");
    }

    @Override
    public boolean awaitTermination() throws InterruptedException {
        return termination.await();
    }
}
