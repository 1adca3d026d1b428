package io.streamtune.ingest;

import io.streamtune.schemas.ShardExample;

/**
 * A validated, de-duplicated training example on its way into a shard, with its encoding already made (its
 * length is what the byte limit counts, and the shard buffer stores exactly these bytes).
 *
 * @param example the example as it will appear in the shard
 * @param encoded {@code example} in Avro binary
 */
record AcceptedExample(ShardExample example, byte[] encoded) {
}
