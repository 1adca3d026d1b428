package io.streamtune.ingest;

/** Which limit closed a training shard. */
public enum ClosedBy {
    /** It held {@code shard.max.examples} examples. */
    COUNT,
    /** One more example would have taken it over {@code shard.max.bytes}, or it reached the limit exactly. */
    BYTES,
    /** {@code shard.max.age.ms} passed (wall clock) since its first example arrived. */
    TIME
}
