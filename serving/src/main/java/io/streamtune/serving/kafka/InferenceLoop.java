package io.streamtune.serving.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.DeadLetters;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.metrics.ServiceHealth;
import io.streamtune.common.service.Closeables;
import io.streamtune.common.service.ServiceTopics;
import io.streamtune.common.service.Termination;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.InferencePrediction;
import io.streamtune.schemas.InferenceRequest;
import io.streamtune.serving.Champions;
import io.streamtune.serving.ServeConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * Kafka-native inference: scores the requests of {@code inference.requests} with the tasks' champions and writes one
 * {@link InferencePrediction} per request to {@code inference.predictions}, or a {@link DeadLetter} with its reason
 * to {@code inference.requests.dlq}, exactly once.
 *
 * <p>A member of an ordinary consumer group ({@code inference.group.id}), so serve scales out by partitions. Each
 * poll's answers and dead letters are written in one transaction of this instance's producer together with the
 * consumed offsets (read_committed in, transactional out): a crash before the commit aborts them all and the
 * requests are scored again by whoever owns the partition next; after it, the offsets say they are answered. A fenced
 * producer or instance stops the loop ({@link #health()} turns down); any other failed transaction is aborted and its
 * partitions rewound. Broker outages of any length are waited out ({@link BrokerRetry}). Requests are batched per
 * task within a poll ({@link InferenceBatch}, which also says why a task without a champion waits).
 *
 * <p>Use: {@code create(...)}, {@link #start()}, then {@link #close()} before the champions are closed.
 */
public final class InferenceLoop implements AutoCloseable {

    /** The topics the loop reads or writes; {@link #start()} makes sure they exist. */
    public static final List<TopicSpec<?>> TOPICS = List.of(Topics.INFERENCE_REQUESTS, Topics.INFERENCE_PREDICTIONS,
            Topics.INFERENCE_REQUESTS_DLQ);

    private static final Logger LOG = LoggerFactory.getLogger(InferenceLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** How long a partition stays paused at a waiting request before it is read again. */
    private static final Duration WAIT_RETRY = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final ServeConfig config;
    private final Clock clock;
    private final Termination termination = new Termination();
    private final BrokerRetry retry;
    private final ServiceHealth health;
    private final InferenceMetrics metrics;
    private final AvroRegistrySerde<InferenceRequest> requestSerde;
    private final AvroRegistrySerde<InferencePrediction> predictionSerde;
    private final AvroRegistrySerde<DeadLetter> deadLetterSerde;
    private final InferenceBatch batch;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final AnswerWriter writer;
    /** Partitions paused at a waiting request, and when to read them again (epoch ms). */
    private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
    private final Thread thread;

    private InferenceLoop(ServeConfig config, Champions champions, MeterRegistry registry,
            BooleanSupplier brokerReachable, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.retry = config.brokerRetry(termination::stopRequested);
        this.health = new ServiceHealth("serve-inference",
                Duration.ofMillis(config.getLong(ServeConfig.HEALTH_LIVE_TIMEOUT_MS_CONFIG)),
                Duration.ofMillis(config.getLong(ServeConfig.HEALTH_STALL_TIMEOUT_MS_CONFIG)), brokerReachable,
                retry::waitingOnBroker);
        this.metrics = new InferenceMetrics(registry);
        Map<String, Object> registryConfig = Map.copyOf(config.originals());
        this.requestSerde = RegistrySerdes.specific(InferenceRequest.class, registryConfig, false);
        this.predictionSerde = RegistrySerdes.specific(InferencePrediction.class, registryConfig, false);
        this.deadLetterSerde = RegistrySerdes.specific(DeadLetter.class, registryConfig, false);
        this.batch = new InferenceBatch(new RequestCheck(requestSerde.deserializer(), config.tasks(),
                config.inferenceMaxTextChars()), champions, config.inferenceMaxBatch(),
                config.inferenceChampionWait(), new DeadLetters(RecordSizeLimits.MAX_DEAD_LETTER_BYTES), clock);
        this.consumer = new KafkaConsumer<>(config.inferenceConsumerConfigs(), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(config.inferenceProducerConfigs(config.inferenceTransactionalId()),
                new StringSerializer(), new ByteArraySerializer());
        this.writer = new AnswerWriter(producer, predictionSerde.serializer(), deadLetterSerde.serializer(), retry,
                termination::stopRequested);
        this.thread = new Thread(this::run, "serve-inference");
    }

    /**
     * A loop scoring with {@code champions}, its meters in {@code registry}.
     *
     * @param brokerReachable whether the broker answered recently (e.g. a {@code BrokerProbe}), for readiness
     */
    public static InferenceLoop create(ServeConfig config, Champions champions, MeterRegistry registry,
            BooleanSupplier brokerReachable) {
        return new InferenceLoop(config, champions, registry, brokerReachable, Clock.systemUTC());
    }

    /** Creates the inference topics where missing (waiting out broker outages), then starts the loop's thread. */
    public void start() throws InterruptedException {
        ServiceTopics.provision(config, "serve", TOPICS);
        thread.start();
        LOG.info("Kafka inference started: group {}, {} -> {}", config.inferenceGroupId(),
                Topics.INFERENCE_REQUESTS.name(), Topics.INFERENCE_PREDICTIONS.name());
    }

    /**
     * Live while the loop goes round or waits for the broker; ready once it has joined the group and while the broker
     * answers and requests do not wait without progress ({@code health.stall.timeout.ms}).
     */
    public ServiceHealth health() {
        return health;
    }

    /** Why the loop stopped on its own (fenced, not authorized), or {@code null}. */
    public Throwable failure() {
        return termination.failure();
    }

    private void run() {
        try {
            writer.initTransactions();
            consumer.subscribe(List.of(Topics.INFERENCE_REQUESTS.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Positions come from the committed offsets.
                }
            });
            health.started();
            while (!termination.stopRequested()) {
                resumeDue();
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                consumer.poll(POLL).forEach(records::add);
                health.beat();
                if (!records.isEmpty()) {
                    handle(records);
                }
                long lag = lag();
                metrics.lag(lag);
                health.backlog(lag);
            }
        } catch (WakeupException e) {
            if (!termination.stopRequested()) {
                failed(e);
            }
        } catch (Throwable e) {
            if (termination.stopRequested() && BrokerRetry.isTransient(e)) {
                LOG.info("Kafka inference stopped while waiting for the broker: {}", e.toString());
            } else {
                failed(e);
            }
        } finally {
            Closeables.closeQuietly("request consumer", () -> consumer.close(CloseOptions
                    .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
            Closeables.closeQuietly("prediction producer", () -> producer.close(Duration.ofSeconds(10)));
            termination.ended();
        }
    }

    private void failed(Throwable error) {
        termination.fail(error);
        health.failed(error);
        LOG.error("Kafka inference failed; stopping it", error);
    }

    private void forget(Collection<TopicPartition> partitions) {
        batch.forget(partitions);
        partitions.forEach(pausedUntil::remove);
        metrics.waitingPartitions(pausedUntil.size());
    }

    /** Scores one poll's requests and commits answers, dead letters and offsets in one transaction. */
    private void handle(List<ConsumerRecord<String, byte[]>> records) {
        BatchOutcome outcome = batch.process(records);
        if (!outcome.isEmpty()) {
            boolean written;
            try {
                written = writer.write(outcome, consumer.groupMetadata());
            } catch (SerializationException e) {
                // The registry did not take our own schemas: no request's fault. Read the poll again later.
                LOG.warn("Encoding answers failed ({}); reading the requests again in {}", e.toString(), WAIT_RETRY);
                rewind(records, true);
                return;
            }
            if (!written) {
                metrics.aborted();
                rewind(records, false);
                return;
            }
            metrics.committed(outcome);
            health.progressed();
        }
        outcome.waiting().forEach((partition, waiting) -> {
            LOG.debug("{} waits at offset {}: {}", partition, waiting.offset(), waiting.why());
            consumer.seek(partition, waiting.offset());
            pause(partition);
        });
        metrics.waitingPartitions(pausedUntil.size());
    }

    /** Seeks every partition of {@code records} still owned back to its first record; optionally pauses them. */
    private void rewind(List<ConsumerRecord<String, byte[]>> records, boolean pause) {
        Map<TopicPartition, Long> first = new HashMap<>();
        records.forEach(r -> first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min));
        first.forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
                if (pause) {
                    pause(partition);
                }
            }
        });
    }

    private void pause(TopicPartition partition) {
        consumer.pause(List.of(partition));
        pausedUntil.put(partition, clock.millis() + WAIT_RETRY.toMillis());
    }

    private void resumeDue() {
        long now = clock.millis();
        List<TopicPartition> due = pausedUntil.entrySet().stream().filter(e -> e.getValue() <= now)
                .map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            due.forEach(pausedUntil::remove);
            consumer.resume(due);
        }
    }

    private long lag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            lag += consumer.currentLag(partition).orElse(0);
        }
        return lag;
    }

    /** Finishes the poll in hand (its transaction commits), then stops the loop and leaves the group. */
    @Override
    public void close() {
        if (!termination.requestStop()) {
            return;
        }
        health.stopping();
        consumer.wakeup();
        try {
            if (thread.isAlive() && !termination.await(CLOSE_TIMEOUT)) {
                LOG.warn("Kafka inference did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.getState() == Thread.State.NEW) { // never started: the loop's finally did not run
            Closeables.closeQuietly("request consumer", consumer);
            Closeables.closeQuietly("prediction producer", producer);
        }
        List.of(requestSerde, predictionSerde, deadLetterSerde).forEach(AvroRegistrySerde::close);
        LOG.info("Kafka inference stopped");
    }
}
