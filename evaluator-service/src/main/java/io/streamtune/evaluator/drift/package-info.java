/**
 * Drift signals on the validation stream, without Kafka: PSI ({@link io.streamtune.evaluator.drift.Psi}), the
 * per-task monitor of label and confidence drift ({@link io.streamtune.evaluator.drift.DriftMonitor}) and the memory
 * of published levels ({@link io.streamtune.evaluator.drift.DriftLevels}).
 */
package io.streamtune.evaluator.drift;
