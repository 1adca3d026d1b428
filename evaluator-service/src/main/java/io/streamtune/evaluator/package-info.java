/**
 * Evaluator service: scores each checkpoint on the validation stream, gates it against the champion through
 * explicit thresholds, and publishes evaluation and promotion events.
 */
package io.streamtune.evaluator;
