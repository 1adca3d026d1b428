package io.streamtune.common.kafka;

import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.DriftEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.InferencePrediction;
import io.streamtune.schemas.InferenceRequest;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskStatus;
import io.streamtune.schemas.TrainingShard;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The one place that names every pipeline topic, with its value type and the configs the code expects.
 * Services, the launcher, the provisioner and the tests all refer to these constants.
 */
public final class Topics {

    /** Largest shard record, in bytes ({@link RecordSizeLimits#MAX_SHARD_BYTES}, where every size limit lives). */
    public static final int MAX_SHARD_BYTES = RecordSizeLimits.MAX_SHARD_BYTES;

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    public static final TopicSpec<LabeledExample> EXAMPLES = new TopicSpec<>(
            "examples", LabeledExample.class, 3,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(RecordSizeLimits.MAX_EXAMPLE_RECORD_BYTES)),
            "Labeled examples from producers", "example id (any key is accepted)");

    public static final TopicSpec<DeadLetter> EXAMPLES_DLQ = new TopicSpec<>(
            "examples.dlq", DeadLetter.class, 1,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30 * DAY_MS),
                    TopicConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(RecordSizeLimits.MAX_DEAD_LETTER_BYTES)),
            "Refused records with reason code and original bytes", "original key, if any");

    public static final TopicSpec<LabeledExample> EXAMPLES_VALIDATION = new TopicSpec<>(
            "examples.validation", LabeledExample.class, 3,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30 * DAY_MS),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(RecordSizeLimits.MAX_DEAD_LETTER_BYTES)),
            "Validation split of accepted examples", "task");

    public static final TopicSpec<TrainingShard> SHARDS = new TopicSpec<>(
            "shards", TrainingShard.class, 3,
            Map.of(TopicConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_SHARD_BYTES),
                    TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30 * DAY_MS)),
            "Training shards: batches of accepted examples with their source offsets", "task");

    public static final TopicSpec<DeadLetter> SHARDS_DLQ = new TopicSpec<>(
            "shards.dlq", DeadLetter.class, 1,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30 * DAY_MS),
                    TopicConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    String.valueOf(RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES)),
            "Shards the trainer refused (undecodable, empty, unknown task or labels) with the original bytes",
            "original key, if any");

    public static final TopicSpec<CheckpointEvent> CHECKPOINTS = new TopicSpec<>(
            "checkpoints", CheckpointEvent.class, 3,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"),
            "Checkpoint announcements with lineage (kept forever)", "task");

    public static final TopicSpec<EvaluationEvent> EVALUATIONS = new TopicSpec<>(
            "evaluations", EvaluationEvent.class, 3,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(90 * DAY_MS)),
            "Every evaluation decision with metrics and thresholds", "task");

    public static final TopicSpec<PromotionEvent> PROMOTIONS = new TopicSpec<>(
            "promotions", PromotionEvent.class, 3,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, String.valueOf(DAY_MS)),
            "Champion per task; newest record per key wins (compacted)", "task");

    /** Drift signals that changed level (the evaluator's, at an evaluation); see {@code DriftEvent}. */
    public static final TopicSpec<DriftEvent> DRIFT = new TopicSpec<>(
            "drift", DriftEvent.class, 3,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(90 * DAY_MS)),
            "Drift signals of each task (label mix, champion confidence) whose level changed", "task");

    /** One partition: every service reads all of it, in the order the specs were written. */
    public static final TopicSpec<TaskSpec> TASKS = new TopicSpec<>(
            "tasks", TaskSpec.class, 1,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, String.valueOf(DAY_MS)),
            "Task specs; newest record per key wins, a tombstone deletes the task (compacted)", "task");

    public static final TopicSpec<TaskStatus> TASK_STATUS = new TopicSpec<>(
            "tasks.status", TaskStatus.class, 1,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
            "What each service made of each task's spec: applied, rejected with a reason, deleted (compacted)",
            "<task>/<service>");

    /** Texts to score with a task's champion; {@code serve} reads them in a consumer group. */
    public static final TopicSpec<InferenceRequest> INFERENCE_REQUESTS = new TopicSpec<>(
            "inference.requests", InferenceRequest.class, 3,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(RecordSizeLimits.MAX_EVENT_BYTES)),
            "Inference requests: a text to classify with a task's champion", "request id (any key is accepted)");

    public static final TopicSpec<InferencePrediction> INFERENCE_PREDICTIONS = new TopicSpec<>(
            "inference.predictions", InferencePrediction.class, 3,
            // A prediction echoes its request's attributes: room for the largest request and then some.
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(RecordSizeLimits.MAX_DEAD_LETTER_BYTES)),
            "Predictions: one per scored request, with the model version that answered", "request id");

    public static final TopicSpec<DeadLetter> INFERENCE_REQUESTS_DLQ = new TopicSpec<>(
            "inference.requests.dlq", DeadLetter.class, 1,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30 * DAY_MS),
                    TopicConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(RecordSizeLimits.MAX_DEAD_LETTER_BYTES)),
            "Refused inference requests with reason code and original bytes", "original key, if any");

    /** Every pipeline topic: the control plane first, then the data in flow order, then serving's. */
    public static final List<TopicSpec<?>> ALL = List.of(TASKS, TASK_STATUS,
            EXAMPLES, EXAMPLES_DLQ, EXAMPLES_VALIDATION, SHARDS, SHARDS_DLQ, CHECKPOINTS, EVALUATIONS, PROMOTIONS,
            DRIFT,
            INFERENCE_REQUESTS, INFERENCE_PREDICTIONS, INFERENCE_REQUESTS_DLQ);

    private Topics() {
    }
}
