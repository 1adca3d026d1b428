package io.streamtune.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamtune.trainer.core.ShardResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The trainer's meters. Written by the polling thread, read by the metrics endpoint's thread: gauges read atomics.
 * Per task: loss, examples/s, global step, plateau, shards and examples trained, checkpoint duration; per shards
 * partition: shards behind (the consumer's lag).
 */
final class TrainerMetrics {

    static final String SHARDS_TRAINED = "streamtune.trainer.shards.trained";
    static final String SHARDS_SKIPPED = "streamtune.trainer.shards.skipped";
    static final String SHARDS_DEAD_LETTERED = "streamtune.trainer.shards.dead.lettered";
    static final String EXAMPLES_TRAINED = "streamtune.trainer.examples.trained";
    static final String TRAIN_LOSS = "streamtune.trainer.train.loss";
    static final String EXAMPLES_PER_SECOND = "streamtune.trainer.examples.per.second";
    static final String GLOBAL_STEP = "streamtune.trainer.global.step";
    static final String PLATEAU = "streamtune.trainer.plateau";
    static final String SHARDS_BEHIND = "streamtune.trainer.shards.behind";
    static final String CHECKPOINT_DURATION = "streamtune.trainer.checkpoint.duration";
    static final String CHECKPOINTS = "streamtune.trainer.checkpoints";
    static final String CHECKPOINT_STALL = "streamtune.trainer.checkpoint.stall";
    static final String STORE_BYTES = "streamtune.trainer.checkpoint.store.bytes";
    static final String STORE_CHECKPOINTS = "streamtune.trainer.checkpoint.store.checkpoints";
    static final String CHECKPOINTS_DELETED = "streamtune.trainer.checkpoints.deleted";
    static final String CHECKPOINT_FAILURES = "streamtune.trainer.checkpoint.failures";
    /** The {@code stage} of a failed checkpoint: its files could not be written, or its transaction not committed. */
    static final String FAILED_WRITING = "write";
    static final String FAILED_COMMITTING = "commit";
    /** The task tag of a dead letter whose key is no task the catalog knows (bounds the tag's values). */
    static final String UNKNOWN_TASK = "(unknown)";
    static final String SKIPPED_COVERED = "covered";
    static final String SKIPPED_PAUSED = "paused";

    private final MeterRegistry registry;
    private final Map<String, TaskGauges> tasks = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> behind = new ConcurrentHashMap<>();
    private final AtomicLong storeBytes = new AtomicLong();
    private final AtomicLong storeCheckpoints = new AtomicLong();

    TrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(STORE_BYTES, storeBytes, AtomicLong::get)
                .description("Bytes the checkpoint store occupies, partial writes and unfinished deletions included")
                .register(registry);
        Gauge.builder(STORE_CHECKPOINTS, storeCheckpoints, AtomicLong::get)
                .description("Committed checkpoints in the store, every task's").register(registry);
    }

    void checkpointStore(long bytes, int checkpoints) {
        storeBytes.set(bytes);
        storeCheckpoints.set(checkpoints);
    }

    void checkpointsDeleted(String task, int count) {
        Counter.builder(CHECKPOINTS_DELETED).tag("task", task)
                .description("Checkpoints deleted by retention").register(registry).increment(count);
    }

    /** A checkpoint of {@code task} was discarded: {@link #FAILED_WRITING} or {@link #FAILED_COMMITTING}. */
    void checkpointFailed(String task, String stage) {
        tasks.computeIfAbsent(task, this::register);
        failures(task, stage).increment();
    }

    private Counter failures(String task, String stage) {
        return Counter.builder(CHECKPOINT_FAILURES).tag("task", task).tag("stage", stage)
                .description("Checkpoints discarded because their files could not be written (write) or their "
                        + "transaction not committed (commit); their shards are trained again")
                .register(registry);
    }

    void shardTrained(String task, ShardResult result) {
        TaskGauges gauges = tasks.computeIfAbsent(task, this::register);
        gauges.loss.reset();
        gauges.loss.add(result.meanLoss());
        gauges.examplesPerSecond.reset();
        gauges.examplesPerSecond.add(result.examplesPerSecond());
        gauges.step.set(result.globalStep());
        gauges.plateau.set(result.plateau() ? 1 : 0);
        Counter.builder(SHARDS_TRAINED).tag("task", task).description("Shards trained on")
                .register(registry).increment();
        Counter.builder(EXAMPLES_TRAINED).tag("task", task).description("Examples trained on, replay included")
                .register(registry).increment(result.newExamples() + result.replayedExamples());
    }

    /**
     * A shard not trained: {@code covered} (read again after a restart, the task's checkpoint has it) or
     * {@code paused} (its task is PAUSED).
     */
    void shardSkipped(String task, String reason) {
        Counter.builder(SHARDS_SKIPPED).tag("task", task).tag("reason", reason)
                .description("Shards not trained: covered by the task's checkpoint, or the task is paused")
                .register(registry).increment();
    }

    /** A shard refused; {@code task} is {@link #UNKNOWN_TASK} unless the catalog knows the record's key. */
    void shardDeadLettered(String task, String reason) {
        Counter.builder(SHARDS_DEAD_LETTERED).tag("task", task).tag("reason", reason).description("Shards refused")
                .register(registry).increment();
    }

    void checkpointCommitted(String task, Duration took, Duration stall) {
        Timer.builder(CHECKPOINT_DURATION).tag("task", task)
                .description("Snapshot to committed transaction of a checkpoint (the write runs in the background)")
                .register(registry).record(took);
        Timer.builder(CHECKPOINT_STALL).tag("task", task)
                .description("Training paused for a checkpoint: the snapshot, plus any wait for the previous write")
                .register(registry).record(stall);
        Counter.builder(CHECKPOINTS).tag("task", task).description("Checkpoints committed")
                .register(registry).increment();
    }

    void shardsBehind(int partition, long lag) {
        behind.computeIfAbsent(partition, p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(SHARDS_BEHIND, value, AtomicLong::get).tag("partition", Integer.toString(p))
                    .description("Shards in the partition not yet read by this trainer").register(registry);
            return value;
        }).set(lag);
    }

    private TaskGauges register(String task) {
        TaskGauges gauges = new TaskGauges(new DoubleAdder(), new DoubleAdder(), new AtomicLong(), new AtomicLong());
        Gauge.builder(TRAIN_LOSS, gauges.loss, DoubleAdder::sum).tag("task", task)
                .description("Mean training loss of the last shard").register(registry);
        Gauge.builder(EXAMPLES_PER_SECOND, gauges.examplesPerSecond, DoubleAdder::sum).tag("task", task)
                .description("Training throughput on the last shard, replay included").register(registry);
        Gauge.builder(GLOBAL_STEP, gauges.step, AtomicLong::get).tag("task", task)
                .description("Optimizer steps since the base model").register(registry);
        Gauge.builder(PLATEAU, gauges.plateau, AtomicLong::get).tag("task", task)
                .description("1 while the training loss is on a plateau").register(registry);
        // At 0 from the task's first shard: a counter that only appears at its first failure shows no increase.
        failures(task, FAILED_WRITING);
        failures(task, FAILED_COMMITTING);
        return gauges;
    }

    private record TaskGauges(DoubleAdder loss, DoubleAdder examplesPerSecond, AtomicLong step,
            AtomicLong plateau) {
    }
}
