package io.streamtune.ingest;

import java.time.Duration;

/**
 * When a shard closes: whichever limit it reaches first.
 *
 * @param maxExamples   examples per shard
 * @param maxBytes      encoded bytes of the shard's examples
 * @param maxAge        wall-clock time since the shard's first example arrived
 * @param checkInterval how often the age is checked
 */
public record ShardLimits(int maxExamples, int maxBytes, Duration maxAge, Duration checkInterval) {
}
