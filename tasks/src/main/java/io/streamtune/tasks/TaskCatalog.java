package io.streamtune.tasks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskSpecOutcome;
import io.streamtune.schemas.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task specs one service follows: reads {@link Topics#TASKS} from the beginning on its own thread and keeps
 * following it, so a task created, changed, paused or deleted there reaches the service within a poll. Services read
 * {@link #current()} / {@link #get(String)} (immutable snapshots) on their own threads and may also hear each change
 * through a {@link Listener}, called on the catalog's thread.
 *
 * <p>A version the service cannot honour ({@link TaskSpecLedger}) never stops it: it is logged, counted
 * ({@code streamtune_task_spec_versions_total{outcome="rejected"}}), reported on {@link Topics#TASK_STATUS} and
 * ignored; the previous good version stays in force. Tasks from static config are pinned and win over the topic.
 * Broker and registry outages are waited out: the catalog keeps the specs it has and resumes where it stopped.
 */
public final class TaskCatalog implements AutoCloseable {

    /** Hears every change of the followed specs, on the catalog's thread; must not block for long. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = change -> { };

        void onChange(TaskChange change);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TaskCatalog.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String service;
    private final String instance;
    private final TaskSpecLedger ledger;
    private final Listener listener;
    private final TaskStatusSink status;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroRegistrySerde<TaskSpec> serde;
    private final BrokerRetry retry;
    private final Clock clock;
    private final Map<String, String> rejections = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final MeterRegistry meters;
    private final Thread thread;
    private volatile Map<String, TaskSpec> current;
    private volatile boolean stopping;

    TaskCatalog(TaskCatalogBuilder builder) {
        this.service = builder.service;
        this.instance = builder.instance;
        this.ledger = new TaskSpecLedger(builder.check, builder.pinned);
        this.current = ledger.view();
        this.listener = builder.listener;
        this.status = builder.status != null ? builder.status : new TaskStatusReporter(builder.config);
        this.consumer = new KafkaConsumer<>(builder.config.readCommittedConsumerConfigs(), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.serde = RegistrySerdes.specific(TaskSpec.class, Map.copyOf(builder.config.originals()), false);
        this.retry = builder.config.brokerRetry(() -> stopping);
        this.clock = builder.clock;
        this.meters = builder.meters;
        meters.gauge("streamtune_tasks", List.of(Tag.of("service", service)), this,
                catalog -> catalog.current.size());
        meters.gauge("streamtune_task_specs_rejected", List.of(Tag.of("service",
                service)), rejections, Map::size);
        this.thread = new Thread(this::run, "task-catalog-" + service);
        thread.setDaemon(true);
    }

    /** A catalog for {@code service} ("ingest", "trainer", …) on {@code config}'s cluster and registry. */
    public static TaskCatalogBuilder builder(String service, KafkaConnectionConfig config) {
        return new TaskCatalogBuilder(service, config);
    }

    /** The specs followed now, by task name; an immutable snapshot. */
    public Map<String, TaskSpec> current() {
        return current;
    }

    /** The spec of {@code task} followed now, if the task exists for this service. */
    public Optional<TaskSpec> get(String task) {
        return Optional.ofNullable(current.get(task));
    }

    /** Tasks whose newest version on the topic was refused, with the reason; the previous version stays. */
    public Map<String, String> rejections() {
        return Map.copyOf(rejections);
    }

    /** Waits until the catalog has read the topic up to where it ended when the catalog started. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * As {@link #awaitCaughtUp}, for a service's start: if the catalog has not caught up within {@code timeout}, logs
     * it and returns; the service goes on with the tasks read so far, and the others follow as they are read.
     */
    public void awaitCaughtUpOrWarn(Duration timeout) throws InterruptedException {
        if (!awaitCaughtUp(timeout)) {
            LOG.warn("The task catalog of {} has not read {} to its end within {} s; going on with the {} task(s) "
                    + "known so far, the others follow as they are read", service, Topics.TASKS.name(),
                    timeout.toSeconds(), current.size());
        }
    }

    /** Starts following the topic on this catalog's daemon thread. */
    void startFollowing() {
        thread.start();
    }

    /** Whether the catalog has read the topic up to where it ended when it started. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        TopicPartition partition = new TopicPartition(Topics.TASKS.name(), 0);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = retry.call("reading the end of " + partition,
                    () -> consumer.endOffsets(List.of(partition)).get(partition));
            while (!stopping) {
                if (caughtUp.getCount() > 0 && consumer.position(partition) >= end) {
                    LOG.info("Task catalog of {} caught up: {} task(s) {}", service, current.size(), current.keySet());
                    caughtUp.countDown();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (!apply(record)) {
                        consumer.seek(partition, record.offset());
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                LOG.error("Task catalog of {} woken up unexpectedly; it keeps its last specs", service, e);
            }
        } catch (KafkaException | IllegalStateException e) {
            if (!stopping) {
                LOG.error("Task catalog of {} stopped following {}; it keeps its last specs", service,
                        Topics.TASKS.name(), e);
            }
        } finally {
            consumer.close();
        }
    }

    /** Applies one record; false when the registry is unreachable and the record must be read again. */
    private boolean apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Ignoring a record without key at {}@{}: a task spec's key is the task name", record.topic(),
                    record.offset());
            count("rejected");
            return true;
        }
        TaskSpec spec = null;
        String undecodable = null;
        if (record.value() != null) {
            try {
                spec = serde.deserializer().deserialize(record.topic(), record.headers(), record.value());
            } catch (RegistryUnavailableException e) {
                LOG.warn("Schema registry unreachable while reading task {}; retrying: {}", record.key(),
                        e.toString());
                sleepQuietly();
                return false;
            } catch (RuntimeException e) {
                undecodable = e.getMessage();
            }
        }
        ledger.apply(record.key(), record.offset(), spec, undecodable).ifPresent(decision -> decided(record,
                decision));
        return true;
    }

    private void decided(ConsumerRecord<String, byte[]> record, TaskSpecLedger.Decision decision) {
        String task = decision.task();
        count(decision.outcome().name().toLowerCase(Locale.ROOT));
        if (decision.outcome() == TaskSpecOutcome.REJECTED) {
            rejections.put(task, decision.reason());
            LOG.warn("Task {}: spec at offset {} refused by {}; {}: {}", task, record.offset(), service,
                    decision.appliedOffset() < 0 ? "the task is ignored" : "keeping the version at offset "
                            + decision.appliedOffset(), decision.reason());
        } else {
            rejections.remove(task);
            LOG.info("Task {}: spec at offset {} {} by {}", task, record.offset(),
                    decision.outcome() == TaskSpecOutcome.DELETED ? "deleted" : "applied", service);
        }
        decision.change().ifPresent(change -> {
            current = ledger.view();
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                LOG.error("Listener of task {} failed on a spec change", task, e);
            }
        });
        status.report(TaskStatus.newBuilder().setTask(task).setService(service).setInstance(instance)
                .setSpecOffset(record.offset()).setOutcome(decision.outcome()).setReason(decision.reason())
                .setAppliedOffset(decision.appliedOffset()).setReportedAt(clock.instant()).build());
    }

    private void count(String outcome) {
        Counter.builder("streamtune_task_spec_versions_total").tag("service", service).tag("outcome", outcome)
                .description("Task spec versions read from the tasks topic, by what this service made of them")
                .register(meters).increment();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Stops following the topic; the last specs stay readable. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        serde.close();
        if (status instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing the task status reporter failed", e);
            }
        }
    }
}
