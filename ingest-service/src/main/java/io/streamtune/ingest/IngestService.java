package io.streamtune.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.service.Closeables;
import io.streamtune.common.service.ObservableService;
import io.streamtune.common.service.ServiceEndpoint;
import io.streamtune.common.service.ServiceTopics;
import io.streamtune.common.service.Termination;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.tasks.TaskCatalog;
import io.streamtune.tasks.TaskCatalogBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingest service: provisions its topics, wires the registry serdes into the topology, runs it in
 * {@link KafkaStreams} and serves metrics and health. {@link IngestMain} and the launcher start it; integration
 * tests start, stop and restart it.
 *
 * <p>Broker outages of any length are waited out: Kafka Streams retries within {@code task.timeout.ms}, and a stream
 * thread that still fails with a transient Kafka error (a timeout, a lost connection) is replaced, resuming from the
 * committed offsets and state under exactly-once; only other errors shut the client down.
 */
public final class IngestService implements ObservableService {

    /** Topics the ingest service reads or writes. */
    public static final List<TopicSpec<?>> TOPICS = List.of(Topics.EXAMPLES, Topics.EXAMPLES_DLQ,
            Topics.EXAMPLES_VALIDATION, Topics.SHARDS, Topics.TASKS, Topics.TASK_STATUS);

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Re-reading one open shard's input after a restart: at most a few MiB, well below max.poll.interval.ms. */
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);
    /** How long the start waits for the task catalog to read the existing specs before processing anyway. */
    private static final Duration CATALOG_CATCH_UP = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final AvroRegistrySerde<LabeledExample> examples;
    private final AvroRegistrySerde<DeadLetter> deadLetters;
    private final AvroRegistrySerde<TrainingShard> shards;
    private final ServiceEndpoint endpoint;
    private final TaskCatalog catalog;
    private final StreamsHealth streamsHealth;
    private final Termination termination = new Termination();

    private IngestService(IngestConfig config, int examplesPartitions, KafkaClientSupplier clients) {
        Map<String, Object> registryConfig = Map.copyOf(config.originals());
        this.examples = serde(LabeledExample.class, registryConfig);
        this.deadLetters = serde(DeadLetter.class, registryConfig);
        this.shards = serde(TrainingShard.class, registryConfig);
        // Kafka Streams retries its own calls; a thread waiting on the broker still polls, so it stays live.
        this.endpoint = ServiceEndpoint.start(config, "ingest", config.metricsPort(), () -> false);
        PrometheusMeterRegistry registry = endpoint.registry();
        LiveTaskRules tasks = LiveTaskRules.pinned(config);
        TaskCatalogBuilder catalogBuilder = TaskCatalog.builder("ingest", config).pinned(config.pinnedTasks())
                .listener(tasks).meters(registry);
        if (config.groupInstanceId() != null) {
            catalogBuilder.instance(config.groupInstanceId());
        }
        this.catalog = catalogBuilder.start();
        WriterSchemaGuard guard = new WriterSchemaGuard(examples.deserializer(),
                WriterSchemaGuard.Registry.of(examples.client()), config.exampleSubjects(),
                config.exampleRecordNames(), System::currentTimeMillis);
        IngestSerdes ingestSerdes = new IngestSerdes(guard,
                examples.serializer(), deadLetters.serializer(), shards.serializer());
        InputReplay replay = new KafkaInputReplay(config.replayConsumerConfigs(), REPLAY_TIMEOUT);
        Properties streamsProperties = config.streamsProperties();
        Counter droppedTooLarge = Counter.builder(IngestMetrics.DROPPED_TOO_LARGE)
                .description("Records the producer refused as too large and that were dropped (a missing size "
                        + "check: every record ingest writes is bounded)").register(registry);
        streamsProperties.put(TooLargeRecordHandler.COUNTER_CONFIG, (Runnable) droppedTooLarge::increment);
        this.streams = new KafkaStreams(IngestTopology.build(config, tasks, ingestSerdes, replay, registry,
                examplesPartitions), streamsProperties, clients);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.ERROR) {
                termination.fail(new IllegalStateException("Kafka Streams stopped in state ERROR"));
            }
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                termination.ended();
            }
        });
        streams.setUncaughtExceptionHandler(IngestService::onStreamThreadFailure);
        this.streamsHealth = new StreamsHealth(streams, endpoint.health());
    }

    @Override
    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Creates the ingest topics where missing, then starts processing.
     *
     * @throws InterruptedException while provisioning topics
     */
    public static IngestService start(IngestConfig config) throws InterruptedException {
        return start(config, new AbortCountingClientSupplier());
    }

    /** {@link #start(IngestConfig)} with the Kafka clients {@code clients} makes (tests inject faults through it). */
    static IngestService start(IngestConfig config, AbortCountingClientSupplier clients) throws InterruptedException {
        int examplesPartitions = ServiceTopics.provision(config, "ingest", TOPICS, (admin, retry) ->
                retry.call("reading the partition count of " + Topics.EXAMPLES.name(),
                        () -> partitionCount(admin, Topics.EXAMPLES.name())));
        // Fixed for the life of the process: where each id is deduplicated (CanonicalPartition).
        LOG.info("{} has {} partitions; examples read off their canonical partition are written back to it",
                Topics.EXAMPLES.name(), examplesPartitions);
        IngestService service = new IngestService(config, examplesPartitions, clients);
        try {
            service.prepareSchemas(config);
            service.awaitTasks();
            service.streams.start();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        LOG.info("Ingest service started: {}", config);
        return service;
    }

    /**
     * Waits, bounded, until the catalog has read the specs already on the tasks topic, so that a restarted service
     * does not dead-letter the examples of existing tasks; a slow topic only delays them, it stops nothing.
     */
    private void awaitTasks() throws InterruptedException {
        catalog.awaitCaughtUpOrWarn(CATALOG_CATCH_UP);
    }

    private static int partitionCount(Admin admin, String topic) throws InterruptedException, ExecutionException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    /**
     * Registers (or, without auto-registration, looks up) the output schemas once, before any stream thread runs:
     * a missing or incompatible schema fails the start instead of the first shard, and stream threads never race
     * each other registering the same schema (the registry answered such a race with HTTP 500).
     */
    private void prepareSchemas(IngestConfig config) {
        SchemaRegistryConfig registryConfig = config.registry();
        Map<TopicSpec<?>, AvroRegistrySerde<?>> outputs = Map.of(Topics.EXAMPLES_VALIDATION, examples,
                Topics.EXAMPLES_DLQ, deadLetters, Topics.SHARDS, shards);
        outputs.forEach((topic, serde) -> {
            Schema schema = SpecificData.get().getSchema(topic.valueType());
            String subject = registryConfig.subjectNameStrategy(false).subject(topic.name(), false, schema);
            int id = registryConfig.autoRegister() ? serde.client().register(subject, schema)
                    : serde.client().lookup(subject, schema);
            LOG.info("Schema {} is id {} under subject {}", schema.getFullName(), id, subject);
        });
    }

    /** State of the Kafka Streams client. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * A stream thread that failed with a transient Kafka error (the broker was down for longer than the clients'
     * timeouts), or whose transaction was aborted under a running task ({@link AbortedTransactionGuard}), is
     * replaced: under exactly-once its tasks resume from the last commit. Anything else stops the client.
     */
    static StreamThreadExceptionResponse onStreamThreadFailure(Throwable error) {
        if (AbortedTransactionGuard.causedBy(error)) {
            LOG.warn("Replacing an ingest stream thread whose transaction was aborted under a running task; it "
                    + "resumes from the last commit");
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        if (BrokerRetry.isTransient(error)) {
            LOG.warn("Ingest stream thread failed while the broker was unavailable ({}); replacing it, it resumes "
                    + "from the last commit", error.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("Ingest stream thread failed; shutting the service down", error);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Stops processing (committing what was processed), then the endpoint and the registry clients. */
    @Override
    public void close() {
        if (!termination.requestStop()) {
            return;
        }
        endpoint.health().stopping();
        // Leaving the group hands the partitions over at once instead of after the session timeout.
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            LOG.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
        }
        streamsMetrics.close();
        Closeables.closeQuietly("task catalog", catalog);
        streamsHealth.close();
        examples.close();
        deadLetters.close();
        shards.close();
        endpoint.close();
        LOG.info("Ingest service stopped");
    }

    @Override
    public boolean awaitTermination() throws InterruptedException {
        return termination.await();
    }

    private static <T extends SpecificRecord> AvroRegistrySerde<T> serde(Class<T> type, Map<String, Object> config) {
        return RegistrySerdes.specific(type, config, false);
    }
}
