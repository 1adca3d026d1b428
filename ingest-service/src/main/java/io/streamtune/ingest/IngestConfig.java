package io.streamtune.ingest;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.config.TaskKeys;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.Topics;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Typed, validated configuration of the ingest service: Kafka connection (inherited), the pinned tasks with their
 * label sets and limits, the per-task defaults, dedup horizon, shard limits and the metrics port.
 *
 * <p>Tasks come from the tasks topic; {@code tasks} (optional) pins tasks for a fixed deployment, which win over the
 * topic. Each listed task {@code T} needs {@code task.T.labels} and may override the service-wide defaults with
 * {@code task.T.max.text.chars}, {@code task.T.feature.dimension}, {@code task.T.validation.fraction},
 * {@code task.T.shard.max.examples} and {@code task.T.shard.max.age.ms}. For example:
 *
 * <pre>
 * tasks=spam
 * task.spam.labels=ham,spam
 * task.spam.max.text.chars=20000
 * </pre>
 *
 * The schema registry is configured with the {@link SchemaRegistryConfig} keys, e.g. {@code schema.registry.url}.
 * Keys prefixed {@code streams.} are handed to Kafka Streams as they are (minus the prefix), for tuning that has
 * no key of its own here; the commit interval defaults to {@link #DEFAULT_COMMIT_INTERVAL_MS} rather than the
 * exactly-once default of 100 ms.
 */
public final class IngestConfig extends KafkaConnectionConfig {

    public static final String APPLICATION_ID_CONFIG = "application.id";
    public static final String TASKS_CONFIG = TaskKeys.TASKS_CONFIG;
    public static final String MAX_TEXT_CHARS_CONFIG = "max.text.chars";
    public static final String FEATURE_DIMENSION_CONFIG = "feature.dimension";
    public static final String VALIDATION_FRACTION_CONFIG = "validation.fraction";
    public static final String DEDUP_HORIZON_MS_CONFIG = "dedup.horizon.ms";
    public static final String DEDUP_FILTER_BYTES_CONFIG = "dedup.filter.bytes";
    public static final String FUTURE_TOLERANCE_MS_CONFIG = "future.tolerance.ms";
    public static final String EVENT_TIME_MAX_AGE_MS_CONFIG = "event.time.max.age.ms";
    public static final String EXAMPLE_SUBJECTS_CONFIG = "example.subjects";
    public static final String EXAMPLE_RECORD_NAMES_CONFIG = "example.record.names";
    public static final String SHARD_MAX_EXAMPLES_CONFIG = "shard.max.examples";
    public static final String SHARD_MAX_BYTES_CONFIG = "shard.max.bytes";
    public static final String SHARD_MAX_AGE_MS_CONFIG = "shard.max.age.ms";
    public static final String SHARD_CHECK_INTERVAL_MS_CONFIG = "shard.check.interval.ms";
    public static final String METRICS_PORT_CONFIG = "metrics.port";
    public static final String STATE_DIR_CONFIG = "state.dir";
    public static final String NUM_STREAM_THREADS_CONFIG = "num.stream.threads";
    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";

    /** Prefix of pass-through Kafka Streams settings. */
    public static final String STREAMS_PREFIX = "streams.";
    /** Per-task keys: {@code task.<name>.<key>}. */
    public static final String TASK_PREFIX = TaskKeys.TASK_PREFIX;
    public static final String TASK_LABELS = TaskKeys.LABELS;

    /**
     * Room kept in a shard record for everything but the examples (id, ranges, histogram, framing), so that a
     * shard whose examples fill {@code shard.max.bytes} still fits {@link Topics#MAX_SHARD_BYTES}.
     */
    public static final int SHARD_ENVELOPE_BYTES = RecordSizeLimits.SHARD_ENVELOPE_BYTES;

    /** Kafka Streams commit interval unless {@code streams.commit.interval.ms} says otherwise. */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 1000;

    private final Map<String, TaskSpec> pinnedTasks;
    private final SchemaRegistryConfig registry;

    /**
     * Validates {@code originals}, including the schema registry keys ({@code schema.registry.url}, ...);
     * throws {@link ConfigException} naming the offending key.
     */
    public IngestConfig(Map<String, ?> originals) {
        super(configDef(PinnedTasks.names(originals)), originals);
        this.pinnedTasks = PinnedTasks.read(this);
        this.registry = new SchemaRegistryConfig(originals);
        IngestSizeLimits.check(this);
    }

    /** The definitions for the given task names (tasks are dynamic, so their keys are too). */
    public static ConfigDef configDef(List<String> taskNames) {
        ConfigDef def = baseConfigDef()
                .define(APPLICATION_ID_CONFIG, Type.STRING, "streamtune-ingest", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Kafka Streams application id: consumer group, state and internal topic prefix.")
                .define(TASKS_CONFIG, Type.LIST, "", PinnedTasks::validateNames,
                        Importance.HIGH, "Tasks pinned by this file, e.g. 'spam', for a fixed deployment: each "
                                + "needs task.<name>.labels, and wins over a task of the same name on the tasks "
                                + "topic. Empty: every task comes from the tasks topic.")
                .define(MAX_TEXT_CHARS_CONFIG, Type.INT, 10_000, Range.between(1, RecordSizeLimits.MAX_TEXT_CHARS),
                        Importance.MEDIUM, "Default longest accepted text, in Unicode code points (at most "
                                + "RecordSizeLimits.MAX_TEXT_CHARS, so that such a text fits a shard).")
                .define(FEATURE_DIMENSION_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                        "Default number of numeric features an example must carry when it has any; 0 = none allowed.")
                .define(VALIDATION_FRACTION_CONFIG, Type.DOUBLE, 0.1, Range.between(0.0, 1.0), Importance.MEDIUM,
                        "Default fraction of examples (by a hash of the id) sent to the validation topic.")
                .define(DEDUP_HORIZON_MS_CONFIG, Type.LONG, Duration.ofDays(1).toMillis(), Range.atLeast(1),
                        Importance.MEDIUM, "An example id seen again within this many ms (record time) is a "
                                + "duplicate and is dropped.")
                .define(DEDUP_FILTER_BYTES_CONFIG, Type.INT, 1024 * 1024, Range.between(8, 1 << 30),
                        Importance.LOW, "Memory of the in-memory Bloom filter that spares the dedup store a lookup "
                                + "for ids never seen, per input partition and horizon of record time (up to five "
                                + "are held). Up to half a million ids per horizon keep its false positives below "
                                + "1%; more only cost store lookups, never wrong answers.")
                .define(FUTURE_TOLERANCE_MS_CONFIG, Type.LONG, Duration.ofMinutes(5).toMillis(), Range.atLeast(0),
                        Importance.LOW, "How far an example's event time may lie after its record timestamp.")
                .define(EVENT_TIME_MAX_AGE_MS_CONFIG, Type.LONG, Duration.ofDays(365).toMillis(), Range.atLeast(1),
                        Importance.LOW, "How far an example's event time may lie before its record timestamp; "
                                + "older examples are dead-lettered as EVENT_TIME_TOO_OLD.")
                .define(EXAMPLE_SUBJECTS_CONFIG, Type.LIST, null, Importance.MEDIUM,
                        "Registry subjects whose versions are accepted as writer schemas of examples; a record "
                                + "written with any other schema is dead-lettered as WRONG_SCHEMA. Default: the "
                                + "examples topic's value subject under the configured subject name strategy "
                                + "(examples-value).")
                .define(EXAMPLE_RECORD_NAMES_CONFIG, Type.LIST, "", Importance.LOW,
                        "Full record names (e.g. com.acme.LabeledExample) accepted as writer schemas of examples "
                                + "whatever subject they are registered under.")
                .define(SHARD_MAX_EXAMPLES_CONFIG, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                        "A shard closes when it holds this many examples.")
                .define(SHARD_MAX_BYTES_CONFIG, Type.INT, 4 * 1024 * 1024,
                        Range.between(1024, RecordSizeLimits.MAX_SHARD_EXAMPLES_BYTES), Importance.MEDIUM,
                        "A shard closes before its examples' encoded size would exceed this many bytes; a single "
                                + "example larger than this is dead-lettered.")
                .define(SHARD_MAX_AGE_MS_CONFIG, Type.LONG, Duration.ofSeconds(60).toMillis(), Range.atLeast(1),
                        Importance.MEDIUM, "A shard closes this many ms (wall clock) after its first example "
                                + "arrived, even when no more examples come.")
                .define(SHARD_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 1000L, Range.atLeast(1), Importance.LOW,
                        "How often (wall clock) open shards are checked against shard.max.age.ms.")
                .define(METRICS_PORT_CONFIG, Type.INT, 9464, Range.between(MetricsServer.DISABLED, 65535),
                        Importance.MEDIUM, "Port of the /metrics and /health endpoint; 0 = any free port, -1 = off.")
                .define(STATE_DIR_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "Directory for the local state stores; Kafka Streams' default when unset.")
                .define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                        "Stream threads of this instance.")
                .define(GROUP_INSTANCE_ID_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "Static membership: a stable name per instance (e.g. the pod name); Kafka Streams gives each "
                                + "stream thread's consumer this name plus '-<thread>', so a restarted instance takes "
                                + "its partitions back at once instead of after the session timeout. Unset: dynamic.");
        taskNames.forEach(task -> PinnedTasks.define(def, task));
        return def;
    }

    /** The tasks of {@code tasks=} as specs (settings left unset are null), in the order of {@code tasks}. */
    public Map<String, TaskSpec> pinnedTasks() {
        return pinnedTasks;
    }

    /** The pinned tasks' rules over the defaults, in the order of {@code tasks}. */
    public Map<String, TaskRules> tasks() {
        IngestTaskDefaults defaults = taskDefaults();
        return TaskKeys.inDeclaredOrder(List.copyOf(pinnedTasks.keySet()), name -> defaults.rules(pinnedTasks.get(name)));
    }

    /** What a task's spec (or pinned config) leaves unset takes these. */
    public IngestTaskDefaults taskDefaults() {
        return new IngestTaskDefaults(getInt(MAX_TEXT_CHARS_CONFIG), getInt(FEATURE_DIMENSION_CONFIG),
                getDouble(VALIDATION_FRACTION_CONFIG), getInt(SHARD_MAX_EXAMPLES_CONFIG),
                Duration.ofMillis(getLong(SHARD_MAX_AGE_MS_CONFIG)));
    }

    /** {@code group.instance.id}, or null when unset: also this instance's name in task statuses. */
    public String groupInstanceId() {
        String instance = getString(GROUP_INSTANCE_ID_CONFIG);
        return instance == null || instance.isBlank() ? null : instance.trim();
    }

    /** Where the registry serdes find the schema registry. */
    public SchemaRegistryConfig registry() {
        return registry;
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public long dedupHorizonMs() {
        return getLong(DEDUP_HORIZON_MS_CONFIG);
    }

    public int dedupFilterBytes() {
        return getInt(DEDUP_FILTER_BYTES_CONFIG);
    }

    public long futureToleranceMs() {
        return getLong(FUTURE_TOLERANCE_MS_CONFIG);
    }

    public long eventTimeMaxAgeMs() {
        return getLong(EVENT_TIME_MAX_AGE_MS_CONFIG);
    }

    /** Subjects whose versions are writer schemas of examples. */
    public Set<String> exampleSubjects() {
        List<String> configured = getList(EXAMPLE_SUBJECTS_CONFIG);
        if (configured != null) {
            return Set.copyOf(configured);
        }
        return Set.of(registry.subjectNameStrategy(false)
                .subject(Topics.EXAMPLES.name(), false, LabeledExample.getClassSchema()));
    }

    /** Record full names accepted as writer schemas of examples under any subject. */
    public Set<String> exampleRecordNames() {
        return Set.copyOf(getList(EXAMPLE_RECORD_NAMES_CONFIG));
    }

    /** When shards close. */
    public ShardLimits shardLimits() {
        return new ShardLimits(getInt(SHARD_MAX_EXAMPLES_CONFIG), getInt(SHARD_MAX_BYTES_CONFIG),
                Duration.ofMillis(getLong(SHARD_MAX_AGE_MS_CONFIG)),
                Duration.ofMillis(getLong(SHARD_CHECK_INTERVAL_MS_CONFIG)));
    }

    public int metricsPort() {
        return getInt(METRICS_PORT_CONFIG);
    }

    /**
     * Kafka Streams settings: connection and security, exactly-once v2, a producer that accepts whole shards,
     * then any {@code streams.*} pass-through keys (which win).
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(clientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS_CONFIG));
        // Shards stay open for seconds anyway: one transaction a second instead of ten costs no freshness that
        // matters and spends less of each second committing (see docs/benchmarks.md).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
        // One input topic: a task reads one partition, so there is nothing to wait for across partitions (the
        // point of task idling), and Kafka Streams 4.4 formats a trace message on every idling check otherwise.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                RecordSizeLimits.INGEST_MAX_REQUEST_BYTES);
        // Backstop: a record the producer refuses as too large is logged and counted, never fatal.
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, TooLargeRecordHandler.class);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
        String stateDir = getString(STATE_DIR_CONFIG);
        if (stateDir != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        }
        String instance = groupInstanceId();
        if (instance != null) {
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instance);
        }
        props.putAll(originalsWithPrefix(STREAMS_PREFIX));
        return props;
    }

    /**
     * The consumer that re-reads a range of the input to rebuild an open shard: assigned (no group, nothing
     * committed), committed records only, as the stream threads read them under exactly-once.
     */
    public Map<String, Object> replayConsumerConfigs() {
        Map<String, Object> props = readCommittedConsumerConfigs();
        // "none": a range that retention deleted fails the replay instead of silently starting later.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return props;
    }

    /** Every key with its value, the registry's included; secrets print as {@code [hidden]}. */
    @Override
    public String toString() {
        return super.toString() + " " + registry;
    }
}
