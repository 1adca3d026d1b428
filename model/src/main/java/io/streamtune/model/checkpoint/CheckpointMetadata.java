package io.streamtune.model.checkpoint;

import io.streamtune.model.ModelOptions;
import io.streamtune.model.bert.BertConfig;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} of a checkpoint: what it is, how it was trained, and a hash of its content.
 *
 * @param step global optimizer step the checkpoint was taken after
 * @param scheduleTotalSteps span of the learning-rate decay in force (0: constant after warmup)
 * @param files SHA-256 (hex) of each other file of the checkpoint
 * @param contentHash SHA-256 over the sorted {@code name:hash} lines of {@code files}: one value that changes
 *     when any byte of the checkpoint changes
 * @param extra caller's metadata, e.g. the trainer's lineage (parent checkpoint, shards, offsets)
 * @param baseModelSha256 SHA-256 (hex) of the base model's ONNX file the lineage started from; null for a
 *     randomly initialised encoder, and in checkpoints written before it was recorded (they still load)
 */
public record CheckpointMetadata(
        int formatVersion,
        String id,
        long step,
        String baseModel,
        List<String> labels,
        BertConfig modelConfig,
        ModelOptions modelOptions,
        Map<String, String> hyperParameters,
        long scheduleTotalSteps,
        Map<String, String> files,
        String contentHash,
        String createdAt,
        Map<String, String> extra,
        String baseModelSha256) {

    public static final int FORMAT_VERSION = 1;
}
