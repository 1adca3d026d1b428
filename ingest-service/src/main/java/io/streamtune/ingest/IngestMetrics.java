package io.streamtune.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamtune.schemas.Split;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest service's meters. Every meter is registered up front (so dashboards see zeros, not gaps) and looked
 * up without allocation on the hot path; a task created while the service runs gets its meters with its first
 * record. Counts are per processing attempt: a record reprocessed after a crash
 * under exactly-once is counted again, while the topics themselves hold it once.
 */
public final class IngestMetrics {

    public static final String RECEIVED = "streamtune.ingest.examples.received";
    public static final String ACCEPTED = "streamtune.ingest.examples.accepted";
    public static final String DEAD_LETTERED = "streamtune.ingest.examples.dead.lettered";
    public static final String DUPLICATES = "streamtune.ingest.examples.duplicates";
    public static final String DROPPED_TOO_LARGE = "streamtune.ingest.records.dropped.too.large";
    public static final String REROUTED = "streamtune.ingest.examples.rerouted";
    public static final String DEDUP_STORE_LOOKUPS = "streamtune.ingest.dedup.store.lookups";
    public static final String SHARDS = "streamtune.ingest.shards.emitted";
    public static final String SHARD_FILL_TIME = "streamtune.ingest.shard.fill.time";
    public static final String THREADS_RESTARTED_AFTER_ABORT = "streamtune.ingest.stream.threads.restarted.after.abort";

    private final Counter received;
    private final Counter dedupStoreLookups;
    private final Counter threadsRestartedAfterAbort;
    private final Map<ReasonCode, Counter> deadLettered = new EnumMap<>(ReasonCode.class);
    private final MeterRegistry registry;
    /** Shared by the stream threads; grows as tasks are created on the tasks topic. */
    private final Map<String, TaskMeters> tasks = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry, Collection<String> taskNames) {
        this.registry = registry;
        received = Counter.builder(RECEIVED).description("Records read from the examples topic")
                .register(registry);
        dedupStoreLookups = Counter.builder(DEDUP_STORE_LOOKUPS)
                .description("Dedup checks the in-memory filter could not answer alone (duplicates and false "
                        + "positives); far below received while the filter is sized well")
                .register(registry);
        threadsRestartedAfterAbort = Counter.builder(THREADS_RESTARTED_AFTER_ABORT)
                .description("Stream threads replaced because the transaction holding a task's output was aborted "
                        + "while the task kept running (a broker outage or a failed send of another task); their "
                        + "tasks start again from the last commit")
                .register(registry);
        for (ReasonCode code : ReasonCode.values()) {
            deadLettered.put(code, Counter.builder(DEAD_LETTERED).tag("reason", code.name())
                    .description("Records refused and sent to the dead-letter topic").register(registry));
        }
        for (String task : taskNames) {
            tasks.put(task, new TaskMeters(registry, task));
        }
    }

    void received() {
        received.increment();
    }

    void threadRestartedAfterAbort() {
        threadsRestartedAfterAbort.increment();
    }

    void dedupStoreLookup() {
        dedupStoreLookups.increment();
    }

    void accepted(String task, Split split) {
        TaskMeters meters = task(task);
        (split == Split.VALIDATION ? meters.acceptedValidation : meters.acceptedTrain).increment();
    }

    void deadLettered(ReasonCode code) {
        deadLettered.get(code).increment();
    }

    void duplicate(String task) {
        task(task).duplicates.increment();
    }

    void rerouted(String task) {
        task(task).rerouted.increment();
    }

    void shardEmitted(String task, ClosedBy closedBy, Duration fillTime) {
        TaskMeters meters = task(task);
        meters.shards.get(closedBy).increment();
        meters.fillTime.record(fillTime);
    }

    private TaskMeters task(String task) {
        TaskMeters meters = tasks.get(task);
        return meters != null ? meters : tasks.computeIfAbsent(task, name -> new TaskMeters(registry, name));
    }

    private static final class TaskMeters {
        final Counter acceptedTrain;
        final Counter acceptedValidation;
        final Counter duplicates;
        final Counter rerouted;
        final Map<ClosedBy, Counter> shards = new EnumMap<>(ClosedBy.class);
        final Timer fillTime;

        TaskMeters(MeterRegistry registry, String task) {
            acceptedTrain = accepted(registry, task, Split.TRAIN);
            acceptedValidation = accepted(registry, task, Split.VALIDATION);
            duplicates = Counter.builder(DUPLICATES).tag("task", task)
                    .description("Examples dropped because their id was seen within the dedup horizon")
                    .register(registry);
            rerouted = Counter.builder(REROUTED).tag("task", task)
                    .description("Examples read off their canonical partition and written back to it; each comes "
                            + "back as one more received record")
                    .register(registry);
            for (ClosedBy reason : ClosedBy.values()) {
                shards.put(reason, Counter.builder(SHARDS).tag("task", task).tag("closed_by", reason.name())
                        .description("Training shards emitted").register(registry));
            }
            fillTime = Timer.builder(SHARD_FILL_TIME).tag("task", task)
                    .description("Wall-clock time from a shard's first example to its emission")
                    .register(registry);
        }

        private static Counter accepted(MeterRegistry registry, String task, Split split) {
            return Counter.builder(ACCEPTED).tag("task", task).tag("split", split.name())
                    .description("Examples accepted, by data set").register(registry);
        }
    }
}
