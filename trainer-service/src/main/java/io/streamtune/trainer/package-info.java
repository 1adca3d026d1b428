/**
 * Trainer service: consumes training shards and keeps fine-tuning each task's model, writing checkpoints with
 * exact lineage in the same Kafka transaction that commits the shard offsets.
 */
package io.streamtune.trainer;
