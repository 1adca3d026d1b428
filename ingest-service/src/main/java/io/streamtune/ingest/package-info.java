/**
 * Ingest service: a Kafka Streams application that validates labeled examples, dead-letters bad ones with a
 * reason, drops duplicates, splits off validation data and packs the rest into training shards.
 */
package io.streamtune.ingest;
