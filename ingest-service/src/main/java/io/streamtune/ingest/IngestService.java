package io.streamtune.ingest;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamtune.common.config.RunningService;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.TrainingShard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingest service: provisions its topics, wires the registry serdes into the topology, runs it in
 * {@link KafkaStreams} and serves metrics and health. {@link IngestMain} and the launcher start it; integration
 * tests start, stop and restart it.
 */
public final class IngestService implements RunningService {

    /** Topics the ingest service reads or writes. */
    public static final List<TopicSpec<?>> TOPICS =
            List.of(Topics.EXAMPLES, Topics.EXAMPLES_DLQ, Topics.EXAMPLES_VALIDATION, Topics.SHARDS);

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Re-reading one open shard's input after a restart: at most a few MiB, well below max.poll.interval.ms. */
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);
    /** Replication factor -1 lets the brokers' default.replication.factor decide. */
    private static final short BROKER_DEFAULT_REPLICATION = -1;

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final AvroRegistrySerde<LabeledExample> examples;
    private final AvroRegistrySerde<DeadLetter> deadLetters;
    private final AvroRegistrySerde<TrainingShard> shards;
    private final MetricsServer metricsServer;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private IngestService(IngestConfig config, int examplesPartitions) {
        Map<String, Object> registryConfig = Map.copyOf(config.originals());
        this.examples = serde(LabeledExample.class, registryConfig);
        this.deadLetters = serde(DeadLetter.class, registryConfig);
        this.shards = serde(TrainingShard.class, registryConfig);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IngestSerdes ingestSerdes = new IngestSerdes(new OutageAwareDeserializer(examples.deserializer()),
                examples.serializer(), deadLetters.serializer(), shards.serializer());
        InputReplay replay = new KafkaInputReplay(config.clientProperties(), REPLAY_TIMEOUT);
        this.streams = new KafkaStreams(IngestTopology.build(config, ingestSerdes, replay, registry,
                examplesPartitions), config.streamsProperties());
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                terminated.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("Ingest stream thread failed; shutting the service down", error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.metricsServer = config.metricsPort() == MetricsServer.DISABLED ? null
                : MetricsServer.start(config.metricsPort(), registry, this::health);
    }

    /**
     * Creates the ingest topics where missing, then starts processing.
     *
     * @throws InterruptedException while provisioning topics
     */
    public static IngestService start(IngestConfig config) throws InterruptedException {
        int examplesPartitions;
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin, BROKER_DEFAULT_REPLICATION).ensure(TOPICS);
            examplesPartitions = partitionCount(admin, Topics.EXAMPLES.name());
        }
        // Fixed for the life of the process: where each id is deduplicated (CanonicalPartition).
        LOG.info("{} has {} partitions; examples read off their canonical partition are written back to it",
                Topics.EXAMPLES.name(), examplesPartitions);
        IngestService service = new IngestService(config, examplesPartitions);
        try {
            service.prepareSchemas(config);
            service.streams.start();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        LOG.info("Ingest service started: {}", config);
        return service;
    }

    private static int partitionCount(Admin admin, String topic) throws InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe topic " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
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

    /** Port of the metrics endpoint, or {@link MetricsServer#DISABLED}. */
    public int metricsPort() {
        return metricsServer == null ? MetricsServer.DISABLED : metricsServer.port();
    }

    /** The meters, for callers that read them in-process (tests, benchmarks). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Blocks until Kafka Streams stops, by {@link #close()} or by failure.
     *
     * @return {@code true} when it stopped because it failed
     */
    @Override
    public boolean awaitTermination() throws InterruptedException {
        terminated.await();
        return streams.state() == KafkaStreams.State.ERROR;
    }

    private MetricsServer.Health health() {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        return new MetricsServer.Health(up, "kafka-streams " + state);
    }

    /** Stops processing (committing what was processed), then the endpoint and the registry clients. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Leaving the group hands the partitions over at once instead of after the session timeout.
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            LOG.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
        }
        streamsMetrics.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        examples.close();
        deadLetters.close();
        shards.close();
        registry.close();
        LOG.info("Ingest service stopped");
    }

    private static <T extends SpecificRecord> AvroRegistrySerde<T> serde(Class<T> type, Map<String, Object> config) {
        return RegistrySerdes.specific(type, config, false);
    }

    /**
     * The registry deserializer reports an unreachable or failing registry as a serialization error too; those
     * are not the record's fault, so they are re-thrown as such and never dead-letter good records.
     */
    private static final class OutageAwareDeserializer implements Deserializer<LabeledExample> {
        private final Deserializer<LabeledExample> delegate;

        OutageAwareDeserializer(Deserializer<LabeledExample> delegate) {
            this.delegate = delegate;
        }

        @Override
        public LabeledExample deserialize(String topic, byte[] data) {
            return deserialize(topic, null, data);
        }

        @Override
        public LabeledExample deserialize(String topic, Headers headers, byte[] data) {
            try {
                return headers == null ? delegate.deserialize(topic, data) : delegate.deserialize(topic, headers, data);
            } catch (RegistryUnavailableException | RegistryRequestException e) {
                throw new IllegalStateException("Schema registry failed while decoding from " + topic, e);
            }
        }
    }
}
