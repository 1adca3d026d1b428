package io.streamtune.ingest;

import io.streamtune.schemas.ShardExample;

/**
 * A validated, de-duplicated training example on its way into a shard.
 *
 * @param example     the example as it will appear in the shard
 * @param encodedSize its size in Avro binary, which the shard byte limit counts
 */
record AcceptedExample(ShardExample example, int encodedSize) {
}
