package io.streamtune.ingest;

/**
 * A validated, de-duplicated training example on its way into a shard, already encoded as the shard will hold it,
 * so the shard is written from these bytes instead of encoding the example again.
 *
 * @param label   its label, which the shard's histogram counts
 * @param encoded its {@code ShardExample} in Avro binary; the shard byte limit counts this length
 */
record AcceptedExample(String label, byte[] encoded) {
}
